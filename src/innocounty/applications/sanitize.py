"""Server-side sanitising of the plan's rich text: an allowlist of tags, no attributes at all.

Written on :class:`html.parser.HTMLParser` (no new dependency). Allowed tags keep their name and lose
every attribute (so no ``style``, ``on*`` handlers, ``href`` or ``src``); unknown tags are dropped but
their text is kept; ``script``, ``style`` and similar elements are dropped with their content. Text is
re-escaped, so the output is safe to render with ``|safe``. Unclosed allowed tags are closed at the end.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "h3", "h4", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
VOID_TAGS = frozenset({"br"})
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "head", "title"}
)
# Browsers' contenteditable produces <div> lines; keep them as paragraphs.
RENAMED = {"div": "p", "h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4"}
MAX_INPUT_CHARS = 400_000


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        tag = RENAMED.get(tag, tag)
        if tag not in ALLOWED_TAGS:
            return
        if tag in VOID_TAGS:
            self.out.append(f"<{tag}>")
            return
        self.out.append(f"<{tag}>")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.dropping and RENAMED.get(tag, tag) in VOID_TAGS:
            self.out.append(f"<{RENAMED.get(tag, tag)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.dropping = max(self.dropping - 1, 0)
            return
        if self.dropping:
            return
        tag = RENAMED.get(tag, tag)
        if tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.open:
            return
        while self.open:  # close anything left open inside it
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out).strip()


def sanitise_html(html: str | None) -> str:
    """The allowed subset of ``html``: safe to store and to render as-is."""
    if not html:
        return ""
    parser = _Sanitiser()
    parser.feed(str(html)[:MAX_INPUT_CHARS])
    return parser.result()


def plain_text_to_html(text: str) -> str:
    """Plain text (API clients, textareas without the editor) as paragraphs, one per line."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines if line)
