"""Settings for the KIM portal, read from the environment.

Every variable has a safe development default; production is the same code with
different variables (see the README's configuration table).
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from js_asset import Script

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name).lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def mailers_from_url(url: str) -> dict:
    """Turn EMAIL_URL (console://, smtp://, smtp+tls://, smtp+ssl://) into Django's MAILERS."""
    parts = urlsplit(url)
    if parts.scheme in ("console", "locmem"):
        return {"default": {"BACKEND": f"django.core.mail.backends.{parts.scheme}.EmailBackend"}}
    if parts.scheme not in ("smtp", "smtp+tls", "smtp+ssl"):
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with console://, smtp://, smtp+tls:// or smtp+ssl://, not {url!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no host")
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": parts.hostname,
                "port": parts.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme],
                "username": unquote(parts.username or ""),
                "password": unquote(parts.password or ""),
                "use_tls": parts.scheme == "smtp+tls",
                "use_ssl": parts.scheme == "smtp+ssl",
                "timeout": 20,
            },
        }
    }


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "kim_portal",
    "groups",
    "news",
    "materials",
    "workshops",
    "subscriptions",
    "overview",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "django_prose_editor",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kim_portal.offline.ClearSiteDataOnAccountChange",
    "kim_portal.middleware.LanguageMiddleware",
    "kim_portal.middleware.HostileInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so that it sees a view's exception first: database down → the 503 page.
    "kim_portal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "kim_portal.urls"
# `{{ form }}` renders with an announced error summary (templates/includes/_form.html).
FORM_RENDERER = "kim_portal.renderers.PortalFormRenderer"
WSGI_APPLICATION = "kim_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kim_portal.context_processors.portal",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# PostgreSQL is the production database; SQLite under var/ lets a first run need nothing installed.
if not env_str("DATABASE_URL"):
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server gets the 503 page quickly rather than holding a worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
else:
    # SQLite: writers wait for each other (WAL, a busy timeout, write transactions that take
    # the lock when they begin) instead of failing with "database is locked", which would
    # answer the 503 page. Tests use a file too: an in-memory shared-cache database fails at
    # once on a locked table, whatever the timeout, when the browser tests' server is busy.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}
# Sessions live in the database, read through the cache: a signed-in page then loads its
# session without SQL when Redis holds it, and Redis may go away (or restart empty) without
# logging anybody out, because every write reaches the database too.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# A shared cache so that allauth's rate limits count across all gunicorn workers. Redis is
# optional at run time: while it is unreachable the portal serves uncached and rate limits fail
# open (kim_portal/cache.py).
REDIS_URL = env_str("REDIS_URL")
# Anonymous pages (kim_portal/pagecache.py) have a cache of their own, so that pages never
# evict rate-limit counters: a hit is one round trip and no SQL. How many pages it keeps:
PAGE_CACHE_ENTRIES = env_int("PAGE_CACHE_ENTRIES", 20_000)
# How long a shared HTTP cache in front (a CDN, nginx proxy_cache) may keep an anonymous page;
# browsers always revalidate (a cheap 304). 0 keeps every copy exact.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 10)
if REDIS_URL:
    _redis = {
        "BACKEND": "kim_portal.cache.PortalRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    # Capacity is Redis's own: maxmemory with volatile-lru, which evicts only keys that expire
    # and so never the page cache's version (docs/deployment.md).
    CACHES = {"default": _redis, "pages": {**_redis, "KEY_PREFIX": "pages"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kim_portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
        # Files every process on this machine shares: invalidation stays exact across workers.
        "pages": {
            "BACKEND": "kim_portal.cache.PageFileCache",
            "LOCATION": env_str("PAGE_CACHE_DIR") or str(BASE_DIR / "var" / "cache" / "pages"),
            "OPTIONS": {
                "MAX_ENTRIES": PAGE_CACHE_ENTRIES,
                "CULL_FREQUENCY": 4,
                # pagecache.VERSION_KEY and NEXT_CHANGE_KEY
                "PINNED": ("public-pages:version", "public-pages:next-change"),
            },
        },
    }

AUTH_USER_MODEL = "kim_portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# After sign-up (and the e-mail confirmation that logs the new user in): register or join a KIM.
ACCOUNT_SIGNUP_REDIRECT_URL = "groups:welcome"

# django-allauth: the e-mail address is the login; it must be verified before first use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "kim_portal.forms.SignupForm"
ACCOUNT_ADAPTER = "kim_portal.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
SITE_NAME = "Portal KIM Salatiga"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# How many proxies in front of the portal append to X-Forwarded-For: rate limits (allauth's and the
# comments') then count the visitor's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

LANGUAGE_CODE = "id"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The project's own strings (makemessages writes locale/), then better Indonesian for some of
# Django's and allauth's strings (locale_packages/, kept by hand): both win over the packages'.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_packages"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Decrees, statutes and member-only files: never under MEDIA_ROOT, served only through views that check.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail and image work run as django.tasks: at once by default, by `manage.py db_worker` when
# TASKS_BACKEND=database.
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in ("immediate", "database"):
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}"
    )
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

EMAIL_URL = env_str("EMAIL_URL", "console://")
MAILERS = mailers_from_url(EMAIL_URL)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Portal KIM Salatiga <noreply@kim.salatiga.go.id>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The office that runs the portal: named on the about, contact and privacy pages and on
# certificates. Set them to the real office's.
OFFICE_NAME = env_str("OFFICE_NAME", "Dinas Komunikasi dan Informatika Kota Salatiga")
OFFICE_ADDRESS = env_str("OFFICE_ADDRESS", "Jl. Letjen Sukowati No. 51, Salatiga, Jawa Tengah")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "redaksi@kim.salatiga.go.id")
OFFICE_CITY = env_str("OFFICE_CITY", "Salatiga")  # where certificates are dated
# Web Push (browser notifications) with VAPID: `python manage.py vapid_keys` makes a pair.
# Without the keys the portal offers no browser notifications.
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:noreply@kim.salatiga.go.id")

# The open-data API (/api/v1/): requests per minute from one client address.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-salatiga")
# The portal's public address, for links in e-mail (sent by tasks, without a request). In
# development it follows the port `make run` serves on.
PORT = env_int("PORT", 8000)
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")

# Security headers. The portal runs behind a TLS proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CSP = {
    "default-src": ["'self'"],
    # The nonce is for the rich-text editor's import map, rendered only on the writing pages.
    "script-src": ["'self'", CSP.NONCE],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The rich-text editor's preset (kim_portal/richtext.py): injects no <style>, labels the editor.
DJANGO_PROSE_EDITOR_PRESETS = {
    "kim": [
        Script("django_prose_editor/editor.js", type="module"),
        # Django's JavaScript catalog (kim_portal/urls.py): window.gettext for the editor's words.
        # A classic script, so it runs before every module whatever its place.
        Script("/jsi18n/"),
        Script("js/prose-editor.js", type="module"),
    ]
}

# Behind nginx (deploy/nginx-kim.conf) private files are sent by nginx itself: Django checks
# the permission and answers with X-Accel-Redirect to this internal location.
PRIVATE_MEDIA_ACCEL_URL = env_str("PRIVATE_MEDIA_ACCEL_URL")
if PRIVATE_MEDIA_ACCEL_URL and not (
    PRIVATE_MEDIA_ACCEL_URL.startswith("/") and PRIVATE_MEDIA_ACCEL_URL.endswith("/")
):
    raise ImproperlyConfigured(
        f"PRIVATE_MEDIA_ACCEL_URL must start and end with /, not {PRIVATE_MEDIA_ACCEL_URL!r}"
    )

WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's default configuration already prints django.* records (INFO and up when DEBUG);
    # passed on to the root handler as well, every task log line was printed twice.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
