"""Satisfaction ratings (好差评): one per application, five levels and an optional comment.

"One per application" is the ratings table's unique constraint, so two kiosks (or one
retrying) rating at the same moment store exactly one rating; the other gets 409.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from central.db import Application
from central.platform import Platform
from central.records import Rating
from central.schemas import ErrorBody
from central.submissions import NOT_FOUND, text_json
from kiosk.i18n import Text
from kiosk.sync.wire import Message, RatingRequest

log = logging.getLogger("central.ratings")

SATISFIED = 4  # 满意 or better counts as satisfied
LEVELS: dict[int, Text] = {
    5: Text("非常满意", "Very satisfied"),
    4: Text("满意", "Satisfied"),
    3: Text("基本满意", "Fairly satisfied"),
    2: Text("不满意", "Dissatisfied"),
    1: Text("非常不满意", "Very dissatisfied"),
}
ALREADY_RATED = Text("该申请已评价过", "This application has already been rated")


class Rated(BaseModel):
    number: str
    level: int
    level_name: Message
    rated_at: dt.datetime


def routes(platform: Platform) -> APIRouter:
    router = APIRouter()
    responses: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorBody, "description": "Not signed by a terminal"},
        404: {"model": ErrorBody, "description": "No application has this number"},
        409: {"model": ErrorBody, "description": "The application has been rated already"},
        422: {"model": ErrorBody, "description": "Level outside 1 to 5, comment too long, or malformed body"},
    }

    @router.post("/v1/ratings", status_code=201, response_model=Rated, responses=responses)
    def rate(rating: RatingRequest, terminal: str = Depends(platform.terminals)) -> Response:
        """Rate an application once. The comment is stored, never logged."""
        with platform.sessions() as session:
            uuid = session.scalar(select(Application.uuid).where(Application.number == rating.number))
        if uuid is None:
            return JSONResponse({"error": "not_found", "message": text_json(NOT_FOUND)}, 404)
        rated_at = platform.clock().replace(microsecond=0)
        try:
            with platform.sessions.begin() as session:
                session.add(Rating(application_uuid=uuid, level=rating.level, comment=rating.comment.strip(),
                                   terminal_id=terminal, rated_at=rated_at))
        except IntegrityError:
            return JSONResponse({"error": "already_rated", "message": text_json(ALREADY_RATED)}, 409)
        log.info("application %s rated %d", rating.number, rating.level)
        result = Rated(number=rating.number, level=rating.level, level_name=Message(**text_json(LEVELS[rating.level])),
                       rated_at=rated_at)
        return JSONResponse(result.model_dump(mode="json"), status_code=201)

    return router
