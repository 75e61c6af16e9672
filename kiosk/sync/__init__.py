"""Kiosk → hub: xAPI statements from the store's outbox, the live room link, enrolment.

``xapi`` is the wire format shared with the hub (standard library only). ``client``
drains the outbox with requests, retry and backoff; it runs on its own worker thread.
Importing this package opens nothing and sends nothing.
"""
