"""Settings for Servicelöfte, read from the environment.

Safe defaults for development (SQLite, DEBUG on); production sets DEBUG=0, SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL, and then passes `manage.py check --deploy` cleanly.
Every variable is listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from phases.guards import network
from phases.platform import oidc_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The one address of every absolute link (mails, the decision PDF, calendar feeds), for the
# server and the management commands alike; `make run` serves at it (scripts/site_address.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "servicelofte.apps.ServiceloefteConfig",
    "modeltranslation",  # before django.contrib.admin
    # Our apps first: their templates and translations take precedence over third parties'.
    "phases",
    "promises",
    "participation",
    "indicators",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "guardian",
    "django_fsm",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servicelofte.security.ControlCharactersMiddleware",  # NUL in a URL: 400, never 500
    "phases.scoping.ScopeResetMiddleware",  # each request starts outside every scope
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # a cookie-less GET of a public promise page or its JSON kept in this process: answered
    # here, before the session, locale, CSRF, auth, CSP, history and axes middleware, with the
    # headers they set when it was kept (promises/public/middleware.py)
    "promises.public.middleware.PublicResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # inside the others, so that they set their headers on its answer too
    "servicelofte.htmx.HtmxRedirectMiddleware",  # an htmx box that meets a redirect: the page
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "servicelofte.urls"
WSGI_APPLICATION = "servicelofte.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: SQLite by default (zero setup), PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by every worker and app server, as the rate limits and the public page
# cache need (a per-process cache would let each worker count on its own and serve an old
# page after an approval). Redis when REDIS_URL is set, else Django's database cache (its
# table is made by `manage.py createcachetable`, run wherever migrations are run).
# CACHE_BACKEND=locmem gives a per-process cache for a single-process development server.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TABLE = "servicelofte_cache"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif os.environ.get("CACHE_BACKEND") == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            # Django's database cache with an incr that locks its row (the limits' counters)
            "BACKEND": "servicelofte.cache.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20_000)},
        }
    }
# Rendered public pages are keyed by their ETag (decision, its recording time, language, view,
# cache period): a body never changes under its key, so each process may keep its own copy;
# what is current (the "head") stays in the shared cache above, cleared on approval.
# How long each process keeps the public promise page's head (which decision is shown) before
# asking the shared cache again: the database cache costs a query per request otherwise.
PUBLIC_HEAD_LOCAL_SECONDS = env_int("PUBLIC_HEAD_LOCAL_SECONDS", 2)
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "servicelofte-pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 500)},
}
# What the dashboard computes from a project's content, keyed by the project's content
# version (phases.content): a raised version is read from the database on every request,
# so each process may keep its own copy.
CACHES["content"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "servicelofte-content",
    "OPTIONS": {"MAX_ENTRIES": env_int("CONTENT_CACHE_MAX_ENTRIES", 1000)},
}

# Background tasks (django-tasks, the backport of Django 6's tasks API): decision PDFs, text
# analysis, digests, Sotkanet fetches, reminders. By default queued in the database and run by
# `manage.py db_worker` (no broker; `make run` starts one beside the server, docker-compose
# has a `worker` service). TASK_BACKEND=immediate runs each task inside the request instead
# (the tests do; a single-process trial may).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASK_BACKEND == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Sessions live in the database: any app server behind a load balancer can serve any request.
# The database store, its per-request read written out once (servicelofte.sessions).
SESSION_ENGINE = "servicelofte.sessions"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend with the per-request read of the user written out once; the
    # sessions that name Django's (signed in before) are read as naming it (sessions.py)
    "servicelofte.auth.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "phases:region_list"
LOGOUT_REDIRECT_URL = "login"

# Login brute-force protection (django-axes): lock a username+address pair after failures,
# and an address after as many failures across usernames (no password spraying from one
# address). Attempts are counted in the database: the same for every worker.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_USERNAME_CALLABLE = "servicelofte.security.axes_username"  # at most 255 characters
AXES_CLIENT_IP_CALLABLE = "phases.guards.network.axes_client_ip"  # the client, not the proxy

# Password reset: at most this many reset mails an hour to one account, and this many
# requests an hour from one address; past either the same neutral page is shown and no
# mail is sent (servicelofte.password_reset).
PASSWORD_RESET_ACCOUNT_LIMIT = env_int("PASSWORD_RESET_ACCOUNT_LIMIT", 3)
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_WINDOW_SECONDS = 3600

# Guardian: no anonymous user object; unknown objects are 404, never 403 with a hint.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# Internationalisation
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["servicelofte.formats"]  # Finnish conventions in fi, sv and en
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fi", "sv", "en")}

# Static and media files. Files go through Django's storage API: a local folder by
# default, S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
_static_backend = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if env_bool("STATIC_MANIFEST", not DEBUG)
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_backend},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

# E-mail: console in development; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "servicelofte@localhost")

# Security. Behind HTTPS in production: secure cookies, HSTS, redirect to https.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
# Trust X-Forwarded-Proto only when told to: set SECURE_PROXY_SSL_HEADER=1 when the app runs
# behind a TLS proxy that always sets (or strips) that header. Off, a client cannot make a
# plain-HTTP request look secure by sending the header itself.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL_HEADER", False) else None
)
# The reverse proxies (comma-separated addresses or CIDRs) whose X-Forwarded-For is believed:
# the client's address is the rightmost address there that is not one of them
# (phases.guards.network.client_address: the login lock-out, the public forms' limits, the
# logs). Empty (the default): the header is ignored and the peer is the client.
TRUSTED_PROXIES = [str(n) for n in network.parse_networks(os.environ.get("TRUSTED_PROXIES", ""))]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline scripts (a nonce where a script must be inline), no
# other hosts. Inline style attributes are allowed for SVG charts and the wheel.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record made while serving a request names the client's address (not the proxy's).
    "filters": {"client": {"()": "phases.guards.network.ClientAddressLogFilter"}},
    "formatters": {"client": {"format": "%(levelname)s %(name)s [%(client)s] %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client"], "formatter": "client"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Public pages: how long an approved promise page may be cached (seconds).
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

FORM_RENDERER = "servicelofte.forms.FormRenderer"

# THL Sotkanet (REST API 1.1): where indicator values are fetched from, how long to wait,
# and the Sotkanet region of the comparison series (the whole country, "Koko maa").
SOTKANET_BASE_URL = os.environ.get("SOTKANET_BASE_URL", "https://sotkanet.fi/rest/1.1").rstrip("/")
SOTKANET_TIMEOUT_SECONDS = env_int("SOTKANET_TIMEOUT_SECONDS", 15)
SOTKANET_COUNTRY_REGION_ID = env_int("SOTKANET_COUNTRY_REGION_ID", 658)
# THL asks for occasional queries, not polling: one fetch per indicator in this many hours.
SOTKANET_FETCH_INTERVAL_HOURS = env_int("SOTKANET_FETCH_INTERVAL_HOURS", 24)

# -- Accessibility statement and privacy notice: the instance's organiser (issue 18) ----
# A region's own organiser name and contact e-mail (set on the region) come first.
ORGANISER_NAME = os.environ.get("ORGANISER_NAME", "")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")

# -- Staff sign-in with the organisation's OpenID Connect provider (issue 18) ----------
# Providers come from the environment (phases/platform/oidc_config.py, README "Signing in with
# the organisation's identity provider"); with none configured only local accounts exist.
OIDC_PROVIDERS = oidc_config.providers_from_environ(os.environ)
AUTHENTICATION_BACKENDS += ["phases.platform.oidc.ProviderBackend"]
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the id_token_hint at logout
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_VERIFY_SSL = env_bool("OIDC_VERIFY_SSL", True)
OIDC_REDIRECT_REQUIRE_HTTPS = SECURE_HTTPS
# Logout ends the provider session by a redirect after the logout form: CSP must allow it.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += oidc_config.end_session_origins(
    OIDC_PROVIDERS
)
