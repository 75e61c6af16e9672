"""The hub as an xAPI 1.0.3 statement store: ``/xAPI/statements`` and ``/xAPI/about``.

Owns the HTTP side of receiving statements (docs/HUB_PROTOCOL.md §2).
"""

from __future__ import annotations

from fastapi import APIRouter, Response

XAPI_VERSION = "1.0.3"
VERSION_HEADER = "X-Experience-API-Version"

router = APIRouter(prefix="/xAPI", tags=["xAPI"])


@router.get("/about")
def about(response: Response) -> dict[str, list[str]]:
    response.headers[VERSION_HEADER] = XAPI_VERSION
    return {"version": [XAPI_VERSION]}
