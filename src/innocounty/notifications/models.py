"""In-app notices. Every workflow transition notifies the people who must act next."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innocounty.common.fields import ClockTimeField


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("收件人"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = ClockTimeField(_("时间"), db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed = models.BooleanField(_("已发送邮件"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class SentReminder(models.Model):
    """A reminder that went out: its ``key`` is unique forever, so the same reminder is never sent twice —
    not by a second worker running at the same moment, and not after a restart."""

    key = models.CharField(_("提醒标识"), max_length=200, unique=True)
    source = models.CharField(_("提醒来源"), max_length=60)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    sent_at = ClockTimeField(_("发送时间"), db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")

    def __str__(self) -> str:
        return self.key
