from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from phases.platform import oidc
from phases.views.site import HealthView, StatementView

from .password_reset import LimitedPasswordResetForm
from .security import LoginForm

urlpatterns = [
    path("healthz", HealthView.as_view(), name="health"),
    # OpenID Connect: one callback address to register at every provider (no language prefix)
    path("oidc/callback/", oidc.SignInCallbackView.as_view(), name="oidc_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("promises.public.api_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        oidc.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", oidc.LogoutView.as_view(), name="logout"),
    path("accounts/oidc/<slug:provider>/", oidc.SignInStartView.as_view(), name="oidc_start"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=LimitedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accessibility/",
        StatementView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", StatementView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("", include("phases.urls")),
    path("", include("promises.urls")),
    path("", include("promises.decision.urls")),
    path("", include("promises.public.urls")),
    path("", include("participation.urls")),
    path("", include("indicators.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
