"""The platform client. Responses map to outcomes; nothing personal is kept in an error text."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import requests

    from kiosk.sync.signing import Credentials

log = logging.getLogger("kiosk.sync")


class Outcome(StrEnum):
    DELIVERED = "delivered"  # 200/201: the platform has it
    RETRY = "retry"  # network trouble, timeouts, 5xx: try again later
    ATTENTION = "attention"  # 409/422/4xx: a person must look at it
    UNAUTHORIZED = "unauthorized"  # 401/403: the terminal must be enrolled again


@dataclass(frozen=True)
class SubmitResult:
    outcome: Outcome
    result: dict[str, Any] | None = None
    error: str = ""


class Platform(Protocol):
    def submit(self, envelope: dict[str, Any]) -> SubmitResult: ...

    def reachable(self) -> bool: ...


class HttpPlatform:
    """One requests.Session, a timeout on every call, TLS verification on.

    ``requests`` is imported on first use, off the UI thread: not before the first frame.
    """

    def __init__(self, base_url: str, timeout_s: float = 10.0, credentials: Credentials | Path | None = None) -> None:
        """``credentials`` may be the keys directory: they are read when first needed (off the UI thread),
        and again while missing, so an enrolment done while the kiosk runs takes effect at once.
        Without them the platform answers 401 and the outbox asks for enrolment."""
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._keys_dir = credentials if isinstance(credentials, Path) else None
        self._credentials = None if isinstance(credentials, Path) else credentials
        self._http: requests.Session | None = None
        self._lock = threading.Lock()

    @property
    def credentials(self) -> Credentials | None:
        if self._credentials is None and self._keys_dir is not None:
            from kiosk.sync.signing import Credentials, sign_requests

            self._credentials = Credentials.load(self._keys_dir)
            if self._credentials is not None and self._http is not None:
                sign_requests(self._http, self._credentials)
        return self._credentials

    def _client(self) -> requests.Session:
        with self._lock:  # the outbox and the heartbeat threads both start here: one Session for both
            if self._http is None:
                import requests

                self._http = requests.Session()
                self._http.headers["User-Agent"] = "hunan-kiosk"
                if self._credentials is not None:
                    from kiosk.sync.signing import sign_requests

                    sign_requests(self._http, self._credentials)
        _ = self.credentials  # reads saved credentials if the terminal has enrolled since, and signs with them
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def submit(self, envelope: dict[str, Any]) -> SubmitResult:
        import requests

        try:
            response = self._client().post(f"{self.base_url}/v1/applications", json=envelope, timeout=self.timeout_s)
        except requests.RequestException as exc:
            return SubmitResult(Outcome.RETRY, error=f"network: {type(exc).__name__}")
        status = response.status_code
        if status in (200, 201):
            try:
                body = response.json()
            except ValueError:
                return SubmitResult(Outcome.RETRY, error=f"HTTP {status}: not JSON")
            return SubmitResult(Outcome.DELIVERED, result=body)
        if status in (401, 403):
            return SubmitResult(Outcome.UNAUTHORIZED, error=f"HTTP {status}")
        if status in (408, 429) or status >= 500:
            return SubmitResult(Outcome.RETRY, error=f"HTTP {status}")
        return SubmitResult(Outcome.ATTENTION, error=f"HTTP {status} {_error_code(response)}".strip())

    def reachable(self) -> bool:
        import requests

        try:
            return self._client().get(f"{self.base_url}/v1/health", timeout=min(self.timeout_s, 3.0)).ok
        except requests.RequestException:
            return False

    def heartbeat(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Report this terminal's health. The platform's answer (commands, config, server time),
        or None when there is none: network trouble and refusals are logged, never raised."""
        import requests

        try:
            response = self._client().post(f"{self.base_url}/v1/terminals/heartbeat", json=body, timeout=self.timeout_s)
        except requests.RequestException as exc:
            log.info("heartbeat not answered: network %s", type(exc).__name__)
            return None
        if response.status_code != 200:
            level = logging.WARNING if response.status_code in (401, 403, 422) else logging.INFO
            log.log(level, "heartbeat refused: HTTP %d %s", response.status_code, _error_code(response))
            return None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            log.info("heartbeat answer is not a JSON object")
            return None
        return answer


def _error_code(response: requests.Response) -> str:
    """The platform's error code and the names of invalid fields: never their values."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    code = str(body.get("error", ""))
    fields = body.get("fields")
    if isinstance(fields, dict) and fields:
        code += " fields=" + ",".join(sorted(fields))
    return code
