"""Error responses: JSON with an ``error`` code, never a traceback, never an echo of the body.

Request bodies hold personal data, so nothing here logs or returns them.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.submissions import text_json
from kiosk.i18n import Text

log = logging.getLogger("central.errors")

MALFORMED = Text("请求格式不正确", "The request is not in the expected format")


class InternalErrors:
    """Turns an unhandled exception into 500 ``{"error": "internal"}`` and logs it, without the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked_send)
        except HTTPException:
            raise  # a status for an outer layer to send, such as the body limit's 413
        except Exception:
            if started:
                raise  # too late to answer 500; also how the body limit says it has sent its 413
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            await JSONResponse({"error": "internal"}, status_code=500)(scope, receive, send)


async def malformed(_request: Request, exc: Exception) -> JSONResponse:
    """422 naming where the body is wrong; unlike FastAPI's default it does not echo the input."""
    problems = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{"loc": list(p.get("loc", ())), "type": p.get("type", ""), "msg": p.get("msg", "")} for p in problems]
    return _malformed(detail)


def _malformed(detail: list[dict[str, object]]) -> JSONResponse:
    return JSONResponse({"error": "malformed", "message": text_json(MALFORMED), "detail": detail}, status_code=422)


def _slug(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "http_error"


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    """Unknown routes, wrong methods and the like: ``{"error": "not_found"}`` and so on."""
    if not isinstance(exc, HTTPException):
        raise exc
    headers = dict(exc.headers or {})
    error = headers.pop("X-Kiosk-Error", None)  # our own refusals name their reason
    if error is None and exc.status_code == 400:
        # FastAPI's answer to a body that is not UTF-8 (it answers 422 to bad JSON): malformed, like any other.
        return _malformed([{"loc": ["body"], "type": "json_invalid", "msg": "the body is not UTF-8 JSON text"}])
    if error is None:
        return JSONResponse({"error": _slug(exc.status_code)}, status_code=exc.status_code, headers=headers)
    return JSONResponse({"error": error, "detail": exc.detail}, status_code=exc.status_code, headers=headers)
