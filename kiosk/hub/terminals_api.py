"""``POST /api/terminals/enrol``: a kiosk trades an enrol code for its terminal token.

Owns the HTTP side of enrolment (the rules are in :mod:`kiosk.hub.enrolment`). The
terminal's live status (``POST /api/terminals/status``) belongs to the room
(:mod:`kiosk.hub.room`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from kiosk.hub.auth import WriteSession
from kiosk.hub.enrolment import EnrolInvalid, EnrolRefused, enrol

router = APIRouter(prefix="/api/terminals", tags=["terminals"])


class EnrolRequest(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=32, description="the code shown to the animator")]
    label: Annotated[str, Field(min_length=1, max_length=100, description="a name for the terminal")]
    epn_id: Annotated[str, Field(min_length=1, max_length=16, description="from 'kiosk progress key'")]
    epn_public_key: Annotated[str, Field(min_length=1, max_length=100, description="the EPN's key")]


class EnrolAnswer(BaseModel):
    terminal_id: str
    token: str


@router.post(
    "/enrol",
    status_code=status.HTTP_201_CREATED,
    responses={403: {"description": "the code is wrong, used or expired"},
               422: {"description": "the EPN id or key cannot be accepted"}},
)
def enrol_terminal(body: EnrolRequest, session: WriteSession) -> EnrolAnswer:
    try:
        enrolled = enrol(session, code=body.code, label=body.label, epn_id=body.epn_id,
                         epn_public_key=body.epn_public_key)
    except EnrolInvalid as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from error
    except EnrolRefused as error:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "This enrol code is wrong, already used or expired: ask the animator for a new one.",
        ) from error
    return EnrolAnswer(terminal_id=enrolled.terminal_id, token=enrolled.token)
