"""Fetch a URL with httpx: timeouts, a redirect limit, a size cap and content-type checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from ..errors import ContentTypeError, FetchError, InputTooLargeError

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 15.0
MAX_REDIRECTS = 5
USER_AGENT = "newsaudit/0.1 (+https://github.com/newsaudit/newsaudit; verification research)"
_ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_URL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def looks_like_url(source: str) -> bool:
    return bool(_URL.match(source.strip()))


@dataclass(frozen=True)
class Fetched:
    body: bytes
    final_url: str
    content_type: str | None
    fetched_at: str


def fetch_url(url: str, *, max_bytes: int, transport: httpx.BaseTransport | None = None) -> Fetched:
    """GET ``url``; raise ``FetchError`` for network and HTTP failures, ``ContentTypeError`` for non-HTML."""
    timeout = httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"},
                transport=transport,
            ) as client,
            client.stream("GET", url.strip()) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url} answered HTTP {response.status_code} {response.reason_phrase}")
            content_type = response.headers.get("content-type")
            if content_type and not any(t in content_type.lower() for t in _ACCEPTED_TYPES):
                raise ContentTypeError(f"{url} is {content_type.split(';')[0]}, not an HTML page or text")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputTooLargeError(f"{url} is {int(declared):,} bytes, over the limit of {max_bytes:,} bytes")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputTooLargeError(f"{url} is over the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
            return Fetched(b"".join(chunks), str(response.url), content_type, fetched_at)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: timed out ({type(exc).__name__})") from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: invalid URL ({exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from exc
