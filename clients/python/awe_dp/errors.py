"""Errors of the awe-dp client: the service's coded answers, and no answer at all."""
import json
from typing import Any, Dict, Optional


class AweError(Exception):
    """Everything this client raises."""


class ConnectionFailed(AweError):
    """No URL of the service answered (after the retries a repeatable request gets)."""


class UntrustedCertificate(ConnectionFailed):
    """The service's certificate is not signed by a trusted CA: pass ``ca=`` with the one that signed it."""


class ApiError(AweError):
    """An error answer of the service: ``{statusCode, code, message}``.

    ``code`` is one of the ``AWE_ERR_...`` codes listed in docs/errors.md (and in
    ``awe_dp.ERROR_CODES``), or ``AWE_ERR_HTTP`` when the answer carried none (a
    proxy's error page).
    """

    def __init__(self, status: int, code: str, message: str, body: Optional[Dict[str, Any]] = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.body = body or {}


class BadRequest(ApiError):
    """400, 413, 415, 416: the request itself is wrong; repeating it will not help."""


class Unauthorized(ApiError):
    """401: no token, or an expired or revoked one."""


class Forbidden(ApiError):
    """403: signed in, but the role or ownership does not allow it."""


class NotFound(ApiError):
    """404: no such job, recipe, output, ..."""


class Conflict(ApiError):
    """409: the job's state does not allow it."""


class ServerError(ApiError):
    """5xx: the service (or a proxy before it) failed; worth retrying."""


_BY_STATUS = {401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict}


def api_error(status: int, text: bytes) -> ApiError:
    """The error for an answer with status >= 400 and its (maybe non-JSON) body."""
    try:
        body = json.loads(text.decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError("not an object")
    except ValueError:
        body = {"message": text[:500].decode("utf-8", "replace")}
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else BadRequest)
    code = body.get("code") if isinstance(body.get("code"), str) else "AWE_ERR_HTTP"
    return kind(status, code, str(body.get("message", f"HTTP {status}")), body)
