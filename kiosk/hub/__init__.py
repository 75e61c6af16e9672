"""The hub: a small web service for the EPN staff, fed by the kiosks.

Owns nothing by itself; its modules own one part each:

- :mod:`kiosk.hub.settings` — where the hub keeps its state, how it is configured;
- :mod:`kiosk.hub.models`, :mod:`kiosk.hub.db` — its own tables and Alembic migrations;
- :mod:`kiosk.hub.auth` — staff logins (argon2), roles, CSRF, terminal tokens;
- :mod:`kiosk.hub.staff_sessions` — ending staff logins (session epoch), streams per login;
- :mod:`kiosk.hub.app` — the FastAPI application factory;
- :mod:`kiosk.hub.xapi_api` — the statements the kiosks send (xAPI 1.0.3);
- :mod:`kiosk.hub.terminals_api`, :mod:`kiosk.hub.enrolment` — enrolling terminals;
- :mod:`kiosk.hub.forward` — forwarding statements to an external LRS;
- :mod:`kiosk.hub.room`, :mod:`kiosk.hub.room_state`, :mod:`kiosk.hub.help_calls` — the live
  room and the log of its help calls;
- :mod:`kiosk.hub.review` and its ``review_*`` neighbours — the trainers' pages;
- :mod:`kiosk.hub.network`, :mod:`kiosk.hub.network_stats` — the network coordinator's
  totals across EPNs (no pseudonym).

Optional extra: ``pip install 'epn-kiosk[hub]'``. The kiosk itself never imports this
package, and importing it opens nothing.
"""
