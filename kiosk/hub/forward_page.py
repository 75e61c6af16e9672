"""The ``/forward`` page: where the statements sent on to the external LRS stand.

Owns the staff view of :mod:`kiosk.hub.forward_queue` for trainers and animators: how
many statements wait, went out and were set aside, the last error and the next try, and
each set-aside statement with the LRS's reason and two buttons — *Réessayer* (send it
again now) and *Ne plus envoyer* (it stays in the hub). POSTs need the CSRF token and
come back to the page (303).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from kiosk.hub.auth import Staff
from kiosk.hub.forward_queue import drop, forward_status, retry
from kiosk.hub.templating import render

router = APIRouter(tags=["staff"])


@router.get("/forward", response_class=HTMLResponse)
async def forward_page(request: Request, user: Staff) -> HTMLResponse:
    """Where forwarding to the external LRS stands."""
    settings = request.app.state.settings
    status = await run_in_threadpool(forward_status, request.app.state.engine)
    return render(request, "forward.html", {"status": status, "lrs_url": settings.lrs_url,
                                            "done": request.query_params.get("done", "")})


def _back(done: str) -> RedirectResponse:
    return RedirectResponse(f"/forward?done={done}", status_code=303)


@router.post("/forward/retry")
async def forward_retry(request: Request, user: Staff,
                        statement_id: Annotated[str | None, Form(max_length=36)] = None) -> RedirectResponse:
    """Send one set-aside statement again now (all of them without ``statement_id``)."""
    ids = [statement_id] if statement_id else None
    count = await run_in_threadpool(retry, request.app.state.write_engine, ids)
    forwarder = request.app.state.forwarder
    if count and forwarder is not None:
        forwarder.wake()
    return _back(f"retry-{count}")


@router.post("/forward/drop")
async def forward_drop(request: Request, user: Staff,
                       statement_id: Annotated[str, Form(max_length=36)]) -> RedirectResponse:
    """Stop sending one set-aside statement (it stays in the hub)."""
    count = await run_in_threadpool(drop, request.app.state.write_engine, [statement_id])
    return _back(f"drop-{count}")
