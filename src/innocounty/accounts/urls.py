from django.contrib.auth import views as auth_views
from django.urls import path

from innocounty.accounts import views_tokens
from innocounty.accounts.views import PasswordChangeView

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("tokens/", views_tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
]
