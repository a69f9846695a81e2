"""The cache backends: Redis as an optional helper, and the embedded page cache's files.

When Redis is unreachable it behaves as an empty cache.

Everything the portal keeps in the cache can be rebuilt or done without: cached pages render
again, and rate limits (allauth's and the comment limit) fail open — while Redis is down nothing
is counted, so nothing is refused. Logins still need the password and comments still wait for
moderation. The outage is logged once per process when it starts and once when it ends.

Imports no project app.
"""

import logging
import random
import time

from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (ConnectionError, TimeoutError)
# After a failure, Redis is asked again only after this many seconds: a Redis that times out
# (rather than refusing at once) then costs one timeout per process every few seconds, not one
# per cache call.
RETRY_SECONDS = 5
_down = False
_retry_at = 0.0


def _failed(operation: str, error: Exception) -> None:
    global _down, _retry_at
    _retry_at = time.monotonic() + RETRY_SECONDS
    if not _down:
        _down = True
        logger.warning("Cache unreachable (%s: %s): serving without it", operation, error)


def _answered() -> None:
    global _down
    if _down:
        _down = False
        logger.warning("Cache reachable again")


def _forgiving(operation: str, fallback):
    """Wrap one operation of Django's client; `fallback(*args)` answers while Redis is down."""
    method = getattr(RedisCacheClient, operation)

    def wrapper(self, *args):
        if _down and time.monotonic() < _retry_at:
            return fallback(*args)
        try:
            result = method(self, *args)
        except UNREACHABLE as error:
            _failed(operation, error)
            return fallback(*args)
        _answered()
        return result

    return wrapper


def _missing_key(key, delta):
    raise ValueError(f"Key {key!r} not found: the cache is unreachable.")


class ForgivingRedisCacheClient(RedisCacheClient):
    # What an empty cache answers. `add` reports success (as if the value had been stored and
    # evicted at once): allauth's lock and the comment counter then let the request through.
    add = _forgiving("add", lambda key, value, timeout: True)
    get = _forgiving("get", lambda key, default: default)
    set = _forgiving("set", lambda key, value, timeout: None)
    touch = _forgiving("touch", lambda key, timeout: False)
    delete = _forgiving("delete", lambda key: False)
    get_many = _forgiving("get_many", lambda keys: {})
    has_key = _forgiving("has_key", lambda key: False)
    incr = _forgiving("incr", _missing_key)
    set_many = _forgiving("set_many", lambda data, timeout: None)
    delete_many = _forgiving("delete_many", lambda keys: None)
    clear = _forgiving("clear", lambda: False)

    def ping(self) -> bool:
        """Asks Redis even within the retry window: /healthz says how it is now."""
        try:
            self.get_client(None).ping()
        except UNREACHABLE:
            return False
        return True


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ForgivingRedisCacheClient

    def is_available(self) -> bool:
        return self._cache.ping()


class PageFileCache(FileBasedCache):
    """The page cache without Redis: files every process on the machine shares, so a hit needs
    no SQL and invalidation is exact across workers. When full, a random quarter of the entries
    goes, but never the keys named in OPTIONS["PINNED"] (the page cache's version and its next
    announced change must outlive the pages they judge)."""

    def __init__(self, dir, params):
        super().__init__(dir, params)
        pinned = params.get("OPTIONS", {}).get("PINNED", ())
        self._pinned = {self._key_to_file(key) for key in pinned}

    def _cull(self):
        files = [name for name in self._list_cache_files() if name not in self._pinned]
        if len(files) < self._max_entries:
            return
        for name in random.sample(files, len(files) // max(1, self._cull_frequency)):
            self._delete(name)
