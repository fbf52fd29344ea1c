"""The platform client. Responses map to outcomes; nothing personal is kept in an error text."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

if TYPE_CHECKING:
    import requests

    from kiosk.sync.signing import Credentials

log = logging.getLogger("kiosk.sync")

CITIZEN_KEY = re.compile(r"[0-9a-f]{64}")  # HMAC-SHA256 hex of the ID number (Credentials.citizen_key)


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

    def catalogue(
        self, since: str | None, if_none_match: str | None = None
    ) -> tuple[int, bytes, dict[str, str]] | None:
        """``GET /v1/catalogue``: the status, body and headers (lower-case names), or None after network
        trouble. ``since``: the version held, to be sent a delta; ``if_none_match``: ETags of the bundle held."""
        import requests

        headers = {"If-None-Match": if_none_match} if if_none_match else {}
        params = {"since": since} if since is not None else None
        try:
            response = self._client().get(
                f"{self.base_url}/v1/catalogue", params=params, headers=headers, timeout=self.timeout_s
            )
        except requests.RequestException as exc:  # also a body cut short
            log.info("catalogue not answered: network %s", type(exc).__name__)
            return None
        return response.status_code, response.content, {k.lower(): v for k, v in response.headers.items()}

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

    # -- lookups for the citizen at the kiosk: None when the platform cannot be asked or refuses --

    def application(self, number: str) -> dict[str, Any] | None:
        """An application (or item application) by the number printed on the receipt."""
        response = self._request("GET", f"/v1/applications/{quote(number, safe='')}", "application lookup", None)
        if response is None or response.status_code != 200:
            return None
        try:
            answer = response.json()
        except ValueError:
            return None
        return answer if isinstance(answer, dict) else None

    def citizen_applications(self, citizen_key: str) -> list[dict[str, Any]] | None:
        """The citizen's applications from every channel (kiosk, online, counter), newest first."""
        body = self._lookup("GET", f"/v1/citizens/{citizen_key}/applications", "applications lookup", citizen_key)
        found = body.get("applications") if body is not None else None
        return [a for a in found if isinstance(a, dict)] if isinstance(found, list) else None

    def licences(self, citizen_key: str) -> list[dict[str, Any]] | None:
        """The citizen's electronic licences (电子证照)."""
        body = self._lookup("GET", f"/v1/citizens/{citizen_key}/licences", "licences lookup", citizen_key)
        found = body.get("licences") if body is not None else None
        return [lic for lic in found if isinstance(lic, dict)] if isinstance(found, list) else None

    def shared_data(
        self, citizen_key: str, names: list[str], purpose: str, wording_version: str
    ) -> dict[str, object] | None:
        """Shared records by name (``shared.marital_status`` …), for names the departments hold.

        Ask only after the citizen agreed: the platform records the consent before it answers."""
        request = {"names": names, "purpose": purpose, "wording_version": wording_version}
        body = self._lookup("POST", f"/v1/citizens/{citizen_key}/shared-data", "shared data", citizen_key, request)
        values = body.get("values") if body is not None else None
        return dict(values) if isinstance(values, dict) else None

    def rate(self, number: str, level: int, comment: str) -> bool | None:
        """True once rated, False if the application was rated before, None if not answered or refused."""
        rating = {"number": number, "level": level, "comment": comment}
        response = self._request("POST", "/v1/ratings", "rating", rating)
        if response is None:
            return None
        if response.status_code in (200, 201):
            return True
        if response.status_code == 409:
            return False
        log.warning("rating refused: HTTP %d %s", response.status_code, _error_code(response))
        return None

    def certificate(self, serial: str) -> tuple[bytes, str] | None:
        """A certificate's PDF and its verification code."""
        from urllib.parse import quote

        response = self._request("GET", f"/v1/certificates/{quote(serial, safe='')}", "certificate")
        if response is None:
            return None
        if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("application/pdf"):
            log.warning("certificate refused: HTTP %d %s", response.status_code, _error_code(response))
            return None
        return response.content, response.headers.get("X-Verification-Code", "")

    def _request(
        self, method: str, path: str, what: str, body: dict[str, Any] | None = None
    ) -> requests.Response | None:
        """The response, or None after network trouble. Logs name ``what``, never the path or body:
        those may hold a citizen key or a comment."""
        import requests

        try:
            return self._client().request(method, f"{self.base_url}{path}", json=body, timeout=self.timeout_s)
        except requests.RequestException as exc:
            log.info("%s not answered: network %s", what, type(exc).__name__)
            return None

    def _lookup(
        self, method: str, path: str, what: str, citizen_key: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """A citizen lookup's JSON object, or None (logged) for anything else."""
        if not CITIZEN_KEY.fullmatch(citizen_key):
            log.warning("%s not asked: not a citizen key", what)
            return None
        response = self._request(method, path, what, body)
        if response is None:
            return None
        if response.status_code != 200:
            log.warning("%s refused: HTTP %d %s", what, response.status_code, _error_code(response))
            return None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            log.info("%s answer is not a JSON object", what)
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
