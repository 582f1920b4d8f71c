"""HTTP to the service with the standard library: several URLs, a private CA,
retries with backoff for requests that are safe to repeat."""
import errno
import http.client
import json
import random
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional, Sequence, Union

from .errors import ApiError, ConnectionFailed, ServerError, UntrustedCertificate, api_error

Query = Dict[str, Union[str, int, bool, None]]

_NEVER_REACHED = {errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH}


def server_list(server: Union[str, Sequence[str]]) -> List[str]:
    """One URL, a list, or several comma-separated (``AWE_SERVER=https://a:8080,https://b:8080``)."""
    urls = server.split(",") if isinstance(server, str) else list(server)
    urls = [url.strip().rstrip("/") for url in urls if url.strip()]
    if not urls:
        raise ValueError("no server URL given")
    for url in urls:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f'a server must be an http(s) URL, not "{url[:100]}"')
    return urls


def _ssl_context(ca: Optional[str]) -> ssl.SSLContext:
    """Verification always on; ``ca`` (a PEM file, or PEM text) adds a private CA to trust."""
    if ca is None:
        return ssl.create_default_context()
    if "-----BEGIN" in ca:
        return ssl.create_default_context(cadata=ca)
    return ssl.create_default_context(cafile=ca)


def _cause(err: BaseException) -> BaseException:
    return err.reason if isinstance(err, urllib.error.URLError) and isinstance(err.reason, BaseException) else err


def _untrusted(err: BaseException) -> bool:
    return isinstance(_cause(err), ssl.SSLCertVerificationError)


def _never_reached(err: BaseException) -> bool:
    """The connection was never made, so the request cannot have been acted on."""
    cause = _cause(err)
    return isinstance(cause, socket.gaierror) or (isinstance(cause, OSError) and cause.errno in _NEVER_REACHED)


class Transport:
    def __init__(
        self,
        server: Union[str, Sequence[str]],
        token: Optional[str] = None,
        ca: Optional[str] = None,
        timeout: float = 90.0,
        retries: int = 4,
    ) -> None:
        self.servers = server_list(server)
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self._current = 0
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=_ssl_context(ca)))

    @property
    def server(self) -> str:
        """The URL requests go to first (the one that answered last)."""
        return self.servers[self._current]

    def open(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Query] = None,
        json_body: Any = None,
        headers: Optional[Dict[str, str]] = None,
        idempotent: Optional[bool] = None,
        timeout: Optional[float] = None,
    ) -> http.client.HTTPResponse:
        """The open answer (status < 400) of the first URL that gives one; the caller reads and closes it.

        On a connection error or a 5xx it moves to the next URL. A request that is
        safe to repeat (GET, PUT, DELETE, or ``idempotent=True``) gets ``retries``
        more rounds over the URLs with jittered exponential backoff; any other
        request goes to another URL only when it never reached the first.
        """
        repeatable = idempotent if idempotent is not None else method in ("GET", "PUT", "DELETE")
        data = None
        all_headers = {"accept": "application/json", **(headers or {})}
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            all_headers["content-type"] = "application/json"
        if self.token:
            all_headers["authorization"] = f"Bearer {self.token}"
        params = {k: ("1" if v is True else str(v)) for k, v in (query or {}).items() if v is not None and v is not False}
        suffix = path + (("?" + urllib.parse.urlencode(params)) if params else "")
        failure: Optional[BaseException] = None
        for attempt in range(self.retries + 1):
            for step in range(len(self.servers)):
                index = (self._current + step) % len(self.servers)
                request = urllib.request.Request(self.servers[index] + suffix, data=data, headers=all_headers, method=method)
                try:
                    response = self._opener.open(request, timeout=timeout or self.timeout)
                    self._current = index
                    return response
                except urllib.error.HTTPError as err:
                    with err:
                        error = api_error(err.code, err.read())
                    # A 5xx of a request that must not repeat is final: the service may have acted on it.
                    if not isinstance(error, ServerError) or not repeatable:
                        raise error from None
                    failure = error
                except (OSError, http.client.HTTPException) as err:
                    if _untrusted(err):
                        raise UntrustedCertificate(f"{self.servers[index]}: the certificate is not trusted ({_cause(err)}): pass ca= with the CA that signed it") from err
                    if not repeatable and not _never_reached(err):
                        raise ConnectionFailed(f"{self.servers[index]}: {_cause(err)}") from err
                    failure = err
            if not repeatable:
                break
            if attempt < self.retries:
                time.sleep(random.uniform(0, min(5.0, 0.3 * 2**attempt)))
        if isinstance(failure, ApiError):
            raise failure
        raise ConnectionFailed(f"no answer from {', '.join(self.servers)}: {_cause(failure) if failure else 'no attempt'}") from failure

    def json(self, method: str, path: str, **options: Any) -> Any:
        """The JSON answer of a request (None for 204)."""
        with self.open(method, path, **options) as response:
            text = response.read()
        return json.loads(text) if text else None
