"""A whole-site crawler for tests: follows every internal link and every GET form from a start page
with Django's test client and reports, per page, what a person would notice is wrong.

Checks on every HTML page: the status (200 unless the caller expects 403/404 for that path), Python
reprs in the text (`Money(`, `ImpactLine(`, `<QuerySet`, `object at 0x`, a bare `None` where a value
belongs), money written without its thousands separator ("$1200.00"), images whose file does not
exist, and links that lead to a 404 (reported with the page that links there).
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage

REPRS = re.compile(r"Money\(|ImpactLine\(|ImpactFigure\(|<QuerySet|object at 0x|Decimal\(|\bdatetime\.")
# "None" standing alone as the text of an element, or as the value after a label ("Sent: None").
BARE_NONE = re.compile(r"^(?:.*:\s*)?None$")
# An amount of $1,000 or more written without a thousands separator: "$1200", "$1200.00".
UNFORMATTED_MONEY = re.compile(r"\$\s?\d{4,}(?:\.\d+)?\b")
SKIP_SCHEMES = ("mailto:", "tel:", "sms:", "javascript:", "data:")
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
INTERNAL_HOSTS = {"testserver", "localhost", "127.0.0.1"}


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []
        self.get_forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: tuple[str, list] | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._skip_text = 0
        self._hidden: list[str] = []  # open elements a person cannot see (hidden, templates)
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_TAGS and (tag in ("script", "style", "template") or "hidden" in attrs):
            self._hidden.append(tag)
            self._skip_text += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and "icon" in (attrs.get("rel") or ""):
            self.images.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = (attrs.get("action") or "", []) if method == "get" else None
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file"):
                self._form[1].append((attrs["name"], attrs.get("value") or ""))
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select, self._select_value = attrs["name"], None
        elif (
            self._form is not None
            and tag == "option"
            and self._select
            and (self._select_value is None or "selected" in attrs)
        ):
            self._select_value = attrs.get("value", "")

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()
            self._skip_text = max(0, self._skip_text - 1)
        elif tag == "select" and self._form is not None and self._select:
            self._form[1].append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.get_forms.append(self._form)
            self._form = None

    def handle_data(self, data):
        if not self._skip_text:
            self.text_parts.append(data)


@dataclass
class CrawlResult:
    visited: dict[str, int] = field(default_factory=dict)  # path -> status
    problems: list[str] = field(default_factory=list)
    linked_from: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    html_pages: list[str] = field(default_factory=list)

    def report(self) -> str:
        return "\n".join(self.problems)


def _internal_path(url: str, base: str) -> str | None:
    if not url or url.startswith("#") or url.startswith(SKIP_SCHEMES):
        return None
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https", "") or (parts.hostname and parts.hostname not in INTERNAL_HOSTS):
        return None
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.path + (f"?{query}" if query else "")


def _pattern(path: str) -> str:
    """URLs that differ only in numbers or tokens are one kind of page: visit a few of each."""
    bare, _, query = path.partition("?")
    bare = re.sub(r"/[0-9]+/", "/N/", bare)
    bare = re.sub(r"/[A-Za-z0-9_-]{24,}/", "/TOKEN/", bare)
    keys = ",".join(sorted({k for k, _ in parse_qsl(query, keep_blank_values=True)}))
    return f"{bare}?{keys}"


def _image_exists(src: str) -> bool:
    path = urlsplit(src).path
    if path.startswith(settings.MEDIA_URL):
        return default_storage.exists(path.removeprefix(settings.MEDIA_URL))
    if path.startswith(settings.STATIC_URL):
        return finders.find(path.removeprefix(settings.STATIC_URL)) is not None
    return True  # other internal images are fetched like pages


def visible_text_problems(html: str) -> list[str]:
    parser = _PageParser()
    parser.feed(html)
    text = " ".join(parser.text_parts)
    problems = [f"Python repr {match!r}" for match in REPRS.findall(text)]
    problems += [
        f"bare None ({part.strip()!r})" for part in parser.text_parts if BARE_NONE.match(part.strip())
    ]
    problems += [f"unformatted money {match!r}" for match in UNFORMATTED_MONEY.findall(text)]
    return problems


def crawl(
    client,
    start: list[str],
    *,
    allowed=lambda path: True,
    expected_status=lambda path: (200,),
    per_pattern: int = 3,
    max_pages: int = 600,
    max_depth: int = 50,
) -> CrawlResult:
    """Breadth-first from `start`, within `allowed` paths, at most `max_depth` links away; every page
    fetched once."""
    result = CrawlResult()
    depth = dict.fromkeys(start, 0)
    queue = deque(start)
    seen = set(start)
    pattern_counts: dict[str, int] = defaultdict(int)
    checked_images: dict[str, bool] = {}
    while queue and len(result.visited) < max_pages:
        path = queue.popleft()
        current_depth = depth.get(path, 0)
        response = client.get(path)
        hops = 0
        while response.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = _internal_path(response["Location"], "http://testserver" + path)
            if target is None:
                break
            path, hops = target, hops + 1
            response = client.get(path)
        status = response.status_code
        result.visited[path] = status
        if status not in expected_status(path):
            sources = ", ".join(sorted(result.linked_from.get(path, ()))[:3]) or "start"
            result.problems.append(f"{path}: HTTP {status} (linked from {sources})")
            continue
        if "text/html" not in response.get("Content-Type", "") or status != 200:
            continue
        html = response.content.decode()
        result.html_pages.append(path)
        for problem in visible_text_problems(html):
            result.problems.append(f"{path}: {problem}")
        parser = _PageParser()
        parser.feed(html)
        base = "http://testserver" + path
        for src in parser.images:
            image = _internal_path(src, base)
            if image is None:
                continue
            if image not in checked_images:
                checked_images[image] = _image_exists(image)
            if not checked_images[image]:
                result.problems.append(f"{path}: broken image {image}")
        targets = list(parser.links)
        for action, fields in parser.get_forms:
            action_path = _internal_path(action or path, base)
            if action_path is not None:
                bare = action_path.split("?")[0]
                targets.append(bare + ("?" + urlencode(fields) if fields else ""))
        if current_depth >= max_depth:
            continue
        for link in targets:
            target = _internal_path(link, base)
            if target is None or not allowed(target):
                continue
            result.linked_from[target].add(path)
            if target in seen:
                continue
            pattern = _pattern(target)
            if pattern_counts[pattern] >= per_pattern:
                continue
            pattern_counts[pattern] += 1
            seen.add(target)
            depth[target] = current_depth + 1
            queue.append(target)
    return result
