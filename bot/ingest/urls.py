"""Web addresses: parse and validate what people send, canonicalise, find links in text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import idna

from bot.errors import BlockedURLError

DEFAULT_PORTS = {"http": 80, "https": 443}

MALFORMED_MESSAGE = "That link looks broken; please check it and send it again."
SCHEME_MESSAGE = "I only read http:// and https:// links."

# Query parameters that only track where a click came from; they never change the page.
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "yclid",
        "msclkid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "ref_src",
        "ref_url",
        "_hsenc",
        "_hsmi",
        "__hstc",
        "__hssc",
        "__hsfp",
        "hsctatracking",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "_ga",
        "_gl",
        "ncid",
        "ocid",
        "sr_share",
        "rb_clickid",
        "s_cid",
        "wt_mc",
        "wt.mc_id",
        "cmpid",
        "smid",
        "spm",
        "__twitter_impression",
        "_openstat",
        "at_medium",
        "at_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "itm_")

_HOST_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# "example.com:8080/x" would otherwise parse as scheme "example.com".
_HOST_WITH_PORT = re.compile(r"^[^:/?#]+:\d+(?:[/?#]|$)")

# Links in free text: explicit http(s) links, and bare www. addresses.
_URL_IN_TEXT = re.compile(r"""(?:https?://|www\.)[^\s<>"'`{}|\\^\[\]]+""", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,;:!?'\"”’»…"
_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class WebURL:
    """A validated http(s) address, split into the parts the fetcher needs."""

    scheme: str  # "http" or "https"
    host: str  # lower case; IDNA (punycode) for names; IPv6 without brackets
    port: int  # explicit or the scheme's default
    path: str  # path and query, at least "/"
    url: str  # the whole address, normalised (still with tracking parameters)


def _idna_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host:
        raise BlockedURLError(MALFORMED_MESSAGE)
    if host.startswith("[") or ":" in host:
        return host.strip("[]")
    if host.isascii():
        ascii_host = host
    else:
        # IDNA 2008 with UTS 46 mapping, as browsers and httpx do (Python's codec is 2003).
        try:
            ascii_host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            raise BlockedURLError(MALFORMED_MESSAGE) from None
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.match(label) for label in labels):
        raise BlockedURLError(MALFORMED_MESSAGE)
    return ascii_host


def parse_web_url(text: str) -> WebURL:
    """Validate ``text`` as an http(s) link; raise ``BlockedURLError`` saying what is wrong.

    A link typed without a scheme ("example.com/news") is read as https.
    """
    text = text.strip()
    if not text or any(ch.isspace() for ch in text) or len(text) > 8192:
        raise BlockedURLError(MALFORMED_MESSAGE)
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text) or _HOST_WITH_PORT.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
        hostname = parts.hostname
    except ValueError:
        raise BlockedURLError(MALFORMED_MESSAGE) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise BlockedURLError(SCHEME_MESSAGE)
    if parts.username is not None or parts.password is not None:
        raise BlockedURLError("Links with a user name or password in them are not supported.")
    if not hostname:
        raise BlockedURLError(MALFORMED_MESSAGE)
    if "%" in hostname:
        # Percent-encoded or zone-scoped hosts are a classic way to hide an address.
        raise BlockedURLError(MALFORMED_MESSAGE)
    host = _idna_host(hostname)
    effective_port = port if port is not None else DEFAULT_PORTS[scheme]
    if not 0 < effective_port < 65536:
        raise BlockedURLError(MALFORMED_MESSAGE)
    path = parts.path or "/"
    # Keep escapes as they are; quote only what cannot appear raw in a request line.
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    netloc = _netloc(scheme, host, effective_port)
    url = urlunsplit((scheme, netloc, path, query, ""))
    return WebURL(
        scheme=scheme,
        host=host,
        port=effective_port,
        path=path + (f"?{query}" if query else ""),
        url=url,
    )


def _netloc(scheme: str, host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if DEFAULT_PORTS[scheme] == port else f"{shown}:{port}"


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str | WebURL) -> str:
    """The address without fragment, default port or tracking parameters.

    Two links to the same article differing only in those parts get the same
    canonical form, so an article sent twice is recognised.
    """
    parsed = url if isinstance(url, WebURL) else parse_web_url(url)
    parts = urlsplit(parsed.url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if not is_tracking_parameter(name)]
    query = urlencode(kept, doseq=True) if len(kept) != len(pairs) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def _trim(candidate: str) -> str:
    while candidate:
        last = candidate[-1]
        unbalanced = last in _CLOSERS and candidate.count(last) > candidate.count(_CLOSERS[last])
        if last not in _TRAILING_PUNCTUATION and not unbalanced:
            break
        candidate = candidate[:-1]
    return candidate


def find_urls(text: str) -> list[str]:
    """http(s) links in free text, in order, without duplicates.

    Trailing punctuation and unbalanced closing brackets belong to the sentence,
    not to the link; bare ``www.`` addresses are returned with ``https://``.
    """
    found: list[str] = []
    for match in _URL_IN_TEXT.finditer(text):
        candidate = _trim(match.group(0))
        if candidate.lower().startswith("www."):
            candidate = "https://" + candidate
        if "://" in candidate and len(candidate.split("://", 1)[1]) > 0 and candidate not in found:
            found.append(candidate)
    return found
