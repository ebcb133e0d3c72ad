"""Admin login limits (django-axes): the address counted, the lock-out page, the backend.

The address: behind a proxy every request comes from the proxy's address, so counting that
would lock out everyone after one attacker's five failures. Each proxy appends the address
it saw to X-Forwarded-For, so with ARCHIVE_PROXY_COUNT proxies the client is the entry that
many from the right: entries further left are the client's own words and are never trusted.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE."""
    proxies = settings.ARCHIVE_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): 429, in Chinese, inside the admin's frame."""
    from axes.helpers import get_cool_off
    from django.contrib import admin

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": "登录已暂时锁定",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "admin/lockout.html", context, status=429)


class LoginLimitBackend(AxesStandaloneBackend):
    """django-axes' check before every login with a request; one without a request (the test
    client's login(), a script) is no web login, so there is nothing to count and axes' own
    backend, which refuses it with an exception, steps aside for the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
