"""Security headers on every HTTP response of the served app (the ASGI middleware alone)."""

from __future__ import annotations

import asyncio

from geo.render.serving import SECURITY_HEADERS, SecurityHeaders


def _respond(scope: dict, headers: list[tuple[bytes, bytes]]) -> list[dict]:
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    asyncio.run(SecurityHeaders(app)(scope, receive, send))
    return sent


def test_every_http_response_gets_the_headers_and_replaces_weaker_ones():
    sent = _respond({"type": "http", "path": "/"}, [(b"content-type", b"text/html"), (b"X-Frame-Options", b"ALLOWALL")])
    headers = sent[0]["headers"]
    names = [k.decode().lower() for k, _ in headers]
    assert names.count("x-frame-options") == 1 and dict(headers)[b"x-frame-options"] == b"SAMEORIGIN"
    for name, value in SECURITY_HEADERS.items():
        assert (name.encode(), value.encode()) in headers
    assert (b"content-type", b"text/html") in headers and sent[1]["body"] == b"ok"


def test_the_policy_allows_no_other_host_but_the_tiles():
    policy = dict(part.split(" ", 1) for part in SECURITY_HEADERS["content-security-policy"].split("; "))
    assert policy["default-src"] == "'self'" and policy["connect-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
    hosts = [h for h in policy["img-src"].split() if h.startswith("https:")]
    assert hosts and all("openstreetmap.org" in h or "arcgisonline.com" in h for h in hosts)


def test_websockets_pass_untouched():
    sent = _respond({"type": "websocket", "path": "/_stcore/stream"}, [(b"a", b"b")])
    assert sent[0]["headers"] == [(b"a", b"b")]
