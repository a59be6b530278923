from django import template

register = template.Library()


@register.filter
def minutes(duration) -> int:
    """A timedelta as whole minutes, rounded up (the lock-out page says "15 分钟")."""
    if duration is None:
        return 0
    return -(-int(duration.total_seconds()) // 60)
