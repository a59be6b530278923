"""``manage.py reset_2fa USERNAME``: remove a user's authenticator and recovery codes (a lost phone).

The user enrols again at the next sign-in (required roles) or signs in with the password only (others).
Audited as ``2fa.reset``; ``--by OPERATOR`` names the operator account in the audit event.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from innocounty.twofactor import services


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator and recovery codes); audited."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--by", default="", help="the operator's username, for the audit log")

    def handle(self, username, by, **options):
        users = get_user_model().objects
        try:
            user = users.get(username=username)
            actor = users.get(username=by) if by else None
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no such user: {by if by and username else username}") from exc
        services.remove(user, actor=actor, action="2fa.reset")
        self.stdout.write(f"two-factor devices of {username} removed; they enrol again at the next sign-in")
