# Interface strings (see README, "Translating the interface" and "Translating the hub"):
# two gettext domains in kiosk/locale, "kiosk" (the learners' screens, fr nl en ar tr uk)
# and "hub" (the staff's pages, fr nl en).
#   make strings           extract the French source, update every .po, compile the .mo
#   make strings-compile   compile the .mo only (pip install does it too)
PYBABEL ?= .venv/bin/pybabel
LOCALE = kiosk/locale

.PHONY: strings strings-extract strings-update strings-compile

strings: strings-extract strings-update strings-compile

strings-extract:
	$(PYBABEL) extract -F babel.cfg --no-default-keywords -k N_:1c,2 --add-comments=TRANSLATORS: \
	  --no-location --project=epn-kiosk --copyright-holder="EPN kiosk contributors" -o $(LOCALE)/kiosk.pot .
	$(PYBABEL) extract -F kiosk/hub/babel.cfg --add-comments=TRANSLATORS: \
	  --no-location --project=epn-kiosk --copyright-holder="EPN kiosk contributors" -o $(LOCALE)/hub.pot .

strings-update:
	$(PYBABEL) update -i $(LOCALE)/kiosk.pot -d $(LOCALE) -D kiosk
	$(PYBABEL) update -i $(LOCALE)/hub.pot -d $(LOCALE) -D hub

strings-compile:
	$(PYBABEL) compile -d $(LOCALE) -D "kiosk hub" --statistics

# The surfaces' sections of the trainers' guide (scenarios/README.md), from kiosk/engine/surfaces/.
.PHONY: guide
guide:
	$(PYTHON) -m kiosk scenarios guide --write

# Every shipped scenario in every language, with and without mistakes (long).
.PHONY: languages
languages:
	.venv/bin/python -m pytest -m matrix tests/gui/test_language_matrix.py -q -n 2 --dist loadgroup

# The storyboard preview (kiosk scenarios preview) of the shortest scenario of every surface.
.PHONY: preview-all
preview-all:
	.venv/bin/python -m pytest -m long tests/gui/test_preview.py -q

# The animator's proposal sent from the room in Chromium to a real kiosk, with its delay.
.PHONY: proposal-live
proposal-live:
	.venv/bin/python -m pytest -m long tests/gui/test_proposal.py -q

# Reliability suites (docs/RELIABILITY.md). The fast variants run with the normal tests;
# these targets run the long variants and print their figure, also appended to
# $(FIGURES). Some need root (loop and tmpfs mounts): they say so and skip otherwise.
PYTHON ?= .venv/bin/python
FIGURES ?= reliability-figures.txt
LONG = RELIABILITY_FIGURES=$(FIGURES) SDL_AUDIODRIVER=dummy $(PYTHON) -m pytest -q -p no:cacheprovider

.PHONY: crash powerloss offline fuzz escape canary diskfull idle reliability deploy-check deploy-check-long newcomer

crash:
	$(LONG) -m long tests/reliability/test_crash.py
powerloss:
	$(LONG) -m long tests/reliability/test_powerloss.py
offline:
	$(LONG) -m long tests/reliability/test_offline.py
fuzz:
	$(LONG) -m long tests/reliability/test_content_fuzz.py tests/reliability/test_qr_fuzz.py
escape:
	$(LONG) -m "long or not long" tests/reliability/test_escape.py
canary:
	$(LONG) -m "long or not long" tests/gui/test_privacy.py
diskfull:
	$(LONG) -m "long or not long" tests/reliability/test_diskfull.py
idle:
	$(LONG) -m long tests/reliability/test_idle.py
reliability: fuzz escape idle diskfull canary powerloss crash offline

# The set-up scripts: parsed, shellchecked, dry-run into a folder, units verified (fast);
# the long one installs a terminal for real into a Debian 12 chroot (root, network, ~15 min).
deploy-check:
	$(PYTHON) -m pytest -q -p no:cacheprovider tests/deploy
deploy-check-long:
	$(LONG) -m long tests/deploy/test_setup_chroot.py
# README's quick start in a fresh debootstrap root with only python3, git and sudo: the run
# command shows the welcome (screenshot compared), the test command passes (root, ~40 min).
newcomer:
	$(LONG) -m long tests/deploy/test_newcomer.py
