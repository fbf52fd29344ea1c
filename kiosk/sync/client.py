"""The platform client over HTTP (kiosk.sync.platform.Platform). Responses map to outcomes or to the wire
models of kiosk/sync/wire.py; an answer unlike them is no answer. Nothing personal is kept in an error
text or a log line: they name the call, the status and fields, never a value, a path or a body."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from kiosk.sync.answers import valid as _valid
from kiosk.sync.hall_client import HallClient, outcome_of
from kiosk.sync.platform import CatalogueAnswer, CertificatePdf, Outcome, SubmitResult

if TYPE_CHECKING:
    import requests

    from kiosk.sync.signing import Credentials
    from kiosk.sync.wire import (
        ApplicationResult,
        CitizenApplication,
        HeartbeatAnswer,
        HeartbeatBody,
        Licence,
        SharedData,
    )

log = logging.getLogger("kiosk.sync")

CITIZEN_KEY = re.compile(r"[0-9a-f]{64}")  # HMAC-SHA256 hex of the ID number (Credentials.citizen_key)


class HttpPlatform(HallClient):
    """One requests.Session, a timeout on every call, TLS verification on. The hall's calls are
    kiosk/sync/hall_client.py's.

    ``requests`` and pydantic are imported on first use, off the UI thread: not before the first frame.
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

    def citizen_key(self, id_number: str) -> str | None:
        credentials = self.credentials
        return credentials.citizen_key(id_number) if credentials is not None else None

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

    def submit(self, envelope: Mapping[str, Any]) -> SubmitResult:
        import requests

        from kiosk.sync.wire import ApplicationResult

        try:
            response = self._client().post(f"{self.base_url}/v1/applications", json=envelope, timeout=self.timeout_s)
        except requests.RequestException as exc:
            return SubmitResult(Outcome.RETRY, error=f"network: {type(exc).__name__}")
        status = response.status_code
        outcome = outcome_of(status)
        if outcome is Outcome.DELIVERED:
            try:
                body = response.json()
            except ValueError:
                return SubmitResult(Outcome.RETRY, error=f"HTTP {status}: not JSON")
            result = _valid(ApplicationResult, body, "application answer")
            if result is None:  # stored or not, sending it again is safe: the uuid is the idempotency key
                return SubmitResult(Outcome.RETRY, error=f"HTTP {status}: not an application result")
            return SubmitResult(Outcome.DELIVERED, result=result)
        if outcome is not Outcome.ATTENTION:
            return SubmitResult(outcome, error=f"HTTP {status}")
        return SubmitResult(Outcome.ATTENTION, error=f"HTTP {status} {_error_code(response)}".strip())

    def reachable(self) -> bool:
        import requests

        try:
            return self._client().get(f"{self.base_url}/v1/health", timeout=min(self.timeout_s, 3.0)).ok
        except requests.RequestException:
            return False

    def catalogue(self, since: str | None, if_none_match: str | None = None) -> CatalogueAnswer | None:
        """``GET /v1/catalogue``. ``since``: the version held, to be sent a delta; ``if_none_match``: ETags
        of the bundle held."""
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
        return CatalogueAnswer(response.status_code, response.content,
                               {k.lower(): v for k, v in response.headers.items()})

    def heartbeat(self, body: HeartbeatBody) -> HeartbeatAnswer | None:
        """Refusals and network trouble are logged, never raised."""
        from kiosk.sync.wire import HeartbeatAnswer

        answer = self._call("POST", "/v1/terminals/heartbeat", "heartbeat", body.model_dump(mode="json"))
        return _valid(HeartbeatAnswer, answer, "heartbeat")

    # -- lookups: None when the platform cannot be asked, refuses, or answers something else --

    def application(self, number: str) -> ApplicationResult | None:
        from kiosk.sync.wire import ApplicationResult

        answer = self._call("GET", f"/v1/applications/{quote(number, safe='')}", "application lookup")
        return _valid(ApplicationResult, answer, "application lookup")

    def citizen_applications(self, citizen_key: str) -> list[CitizenApplication] | None:
        from kiosk.sync.wire import CitizenApplications

        answer = self._lookup("GET", f"/v1/citizens/{citizen_key}/applications", "applications lookup", citizen_key)
        found = _valid(CitizenApplications, answer, "applications lookup")
        return found.applications if found is not None else None

    def licences(self, citizen_key: str) -> list[Licence] | None:
        from kiosk.sync.wire import Licences

        answer = self._lookup("GET", f"/v1/citizens/{citizen_key}/licences", "licences lookup", citizen_key)
        found = _valid(Licences, answer, "licences lookup")
        return found.licences if found is not None else None

    def shared_data(self, citizen_key: str, names: list[str], purpose: str, wording_version: str) -> SharedData | None:
        from kiosk.sync.wire import SharedData, SharedDataRequest

        request = _valid(SharedDataRequest, {"names": names, "purpose": purpose, "wording_version": wording_version},
                         "shared data request")
        if request is None:
            return None
        answer = self._lookup("POST", f"/v1/citizens/{citizen_key}/shared-data", "shared data", citizen_key,
                              request.model_dump(mode="json"))
        return _valid(SharedData, answer, "shared data")

    def rate(self, number: str, level: int, comment: str) -> bool | None:
        from kiosk.sync.wire import RatingRequest

        rating = _valid(RatingRequest, {"number": number, "level": level, "comment": comment}, "rating request")
        if rating is None:
            return None
        response = self._request("POST", "/v1/ratings", "rating", rating.model_dump(mode="json"))
        if response is None:
            return None
        if response.status_code in (200, 201):
            return True
        if response.status_code == 409:
            return False
        log.warning("rating refused: HTTP %d %s", response.status_code, _error_code(response))
        return None

    def certificate(self, serial: str) -> CertificatePdf | None:
        response = self._request("GET", f"/v1/certificates/{quote(serial, safe='')}", "certificate")
        if response is None:
            return None
        if response.status_code != 200 or not response.headers.get("Content-Type", "").startswith("application/pdf"):
            log.warning("certificate refused: HTTP %d %s", response.status_code, _error_code(response))
            return None
        return CertificatePdf(response.content, response.headers.get("X-Verification-Code", ""))

    def _request(
        self, method: str, path: str, what: str, body: dict[str, Any] | None = None, signed: bool = True
    ) -> requests.Response | None:
        """The response, or None after network trouble. Logs name ``what``, never the path or body:
        those may hold a citizen key or a comment. ``signed=False`` for the public routes."""
        import requests

        try:
            return self._client().request(method, f"{self.base_url}{path}", json=body, timeout=self.timeout_s,
                                          auth=None if signed else _unsigned)
        except requests.RequestException as exc:
            log.info("%s not answered: network %s", what, type(exc).__name__)
            return None

    def _call(
        self, method: str, path: str, what: str, body: dict[str, Any] | None = None, signed: bool = True
    ) -> object:
        """A 200 (or 201 created) answer's JSON, or None (logged) for anything else."""
        response = self._request(method, path, what, body, signed)
        if response is None:
            return None
        if response.status_code not in (200, 201):
            level = logging.WARNING if response.status_code in (401, 403, 422) else logging.INFO
            log.log(level, "%s refused: HTTP %d %s", what, response.status_code, _error_code(response))
            return None
        try:
            answer: object = response.json()
        except ValueError:
            log.info("%s answer is not JSON", what)
            return None
        return answer

    def _lookup(
        self, method: str, path: str, what: str, citizen_key: str, body: dict[str, Any] | None = None
    ) -> object:
        """As ``_call``, for a citizen: not asked at all without a citizen key (never an ID number)."""
        if not CITIZEN_KEY.fullmatch(citizen_key):
            log.warning("%s not asked: not a citizen key", what)
            return None
        return self._call(method, path, what, body)


def _unsigned(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """In place of the session's signing: a public route needs no signature."""
    return request


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
