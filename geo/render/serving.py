"""Security headers for every HTTP response of the served app.

``streamlit run app.py`` serves the app through the ASGI ``App`` that ``app.py`` builds with
``SecurityHeaders`` as middleware. Streamlit's page and its components need inline scripts,
``eval`` (streamlit-folium evaluates the map's script) and scripts from ``blob:`` URLs (Streamlit
imports an inline component's module from one; only a script already running can make such a URL),
so the policy cannot forbid those;
what it does forbid is what a hostile string would need to do harm beyond the page: loading
anything from another host (images, scripts, fonts, connections — only the two tile services
of ``geo.render.webmap`` are allowed, for when the user switches them on), plugins, a ``<base>``
elsewhere, forms sent elsewhere, and being framed by another site. MIME sniffing is off.

Pure ASGI: nothing here imports streamlit.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from .standalone import TILE_HOSTS

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SecurityHeaders"]

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",  # blob: Streamlit's inline components (the timeline)
    "style-src 'self' 'unsafe-inline'",
    f"img-src 'self' data: blob: {' '.join(TILE_HOSTS)}",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "frame-ancestors 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}

_Send = Callable[[dict[str, Any]], Awaitable[None]]


class SecurityHeaders:
    """ASGI middleware: adds ``SECURITY_HEADERS`` to every HTTP response, replacing any
    header of the same name the app set."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app
        self._headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in SECURITY_HEADERS.items()]
        self._names = {name for name, _ in self._headers}

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[dict]], send: _Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message.get("type") == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self._headers}
            await send(message)

        await self.app(scope, receive, with_headers)
