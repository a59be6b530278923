from django import template

register = template.Library()


@register.filter
def signed(value, digits: int = 2) -> str:
    """A number with its sign (+1.25, −0.40); "—" when missing or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "—"
    if number != number:
        return "—"
    text = f"{abs(number):.{int(digits)}f}"
    return ("−" if number < 0 and float(text) != 0 else "+") + text
