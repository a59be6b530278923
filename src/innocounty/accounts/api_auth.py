"""Token authentication for the REST API: ``Authorization: Bearer <token>``."""

from ninja.security import HttpBearer


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        from innocounty.accounts.tokens import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
            request.innocounty_api_token = True  # a machine client (innocounty.twofactor.reauth)
        return user
