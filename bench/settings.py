"""Bench-only settings: the product's settings with the bench URLconf (bench/urls.py).

Everything else, the cache included, comes from the environment bench/common.py sets (DEBUG off,
as in production). Nothing here is used by the product.
"""

from kim_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
