# Interface strings (see README, "Translating the interface").
#   make strings           extract the French source, update every .po, compile the .mo
#   make strings-compile   compile the .mo only (pip install does it too)
PYBABEL ?= .venv/bin/pybabel
LOCALE = kiosk/locale

.PHONY: strings strings-extract strings-update strings-compile

strings: strings-extract strings-update strings-compile

strings-extract:
	$(PYBABEL) extract -F babel.cfg --no-default-keywords -k N_:1c,2 --add-comments=TRANSLATORS: \
	  --no-location --project=epn-kiosk --copyright-holder="EPN kiosk contributors" -o $(LOCALE)/kiosk.pot .

strings-update:
	$(PYBABEL) update -i $(LOCALE)/kiosk.pot -d $(LOCALE) -D kiosk

strings-compile:
	$(PYBABEL) compile -d $(LOCALE) -D kiosk --statistics

# Every shipped scenario in every language, with and without mistakes (long).
.PHONY: languages
languages:
	.venv/bin/python -m pytest -m matrix tests/gui/test_language_matrix.py -q
