"""Bench-only settings: the product's settings, the bench URLconf, and the bench's cache.

Everything else comes from the environment bench/common.py sets (DEBUG off, as in production).
Nothing here is used by the product.
"""

import os

from kim_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

_cache = os.environ.get("BENCH_CACHE", "db")
if _cache.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "kim_portal.cache.PortalRedisCache",
            "LOCATION": _cache,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kim_portal_cache",
        }
    }
