"""``manage.py create_api_token USER [--name NAME] [--days N]``: print a new API token, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innocounty.accounts.tokens import create_token


class Command(BaseCommand):
    help = "Create an API token for USER and print it. Only its digest is stored: copy it now."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument(
            "--days", type=int, default=90, help="days until it expires; 0 = never (default 90)"
        )

    def handle(self, *args, username, name, days, **options):
        if days < 0:
            raise CommandError("--days must be 0 (never expires) or more")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user named {username!r}")
        if not user.is_active:
            raise CommandError(f"user {username!r} is not active")
        clear, api_token = create_token(user, name=name, days=days or None)
        expiry = api_token.expires_at.isoformat() if api_token.expires_at else "never"
        self.stderr.write(f"token for {username} (expires: {expiry}); it will not be shown again:")
        self.stdout.write(clear)
