"""The project's Markdown documents link to files and sections that exist.

Every relative link of every `.md` file of the repository (but the ignored ones) must name a
file of the repository, and a `#section` must be a heading of the document it points to,
spelled as GitHub makes heading anchors. Documents move (docs/performance.md's history went
to docs/performance-log.md) and sections are renamed; a reader who follows a dead link learns
nothing.
"""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_INLINE_CODE = re.compile(r"`[^`]*`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_EXTERNAL = ("http://", "https://", "mailto:")


def documents() -> list[Path]:
    """The repository's Markdown files, new ones not yet committed included (a moved section's
    new home is one), ignored ones (virtualenvs, node_modules) left out."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed]


def prose_lines(document: Path) -> list[str]:
    """The document's lines outside fenced code blocks (a `#` there is no heading)."""
    lines, fenced = [], False
    for line in document.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    text = text.replace("`", "").lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(document: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(document):
        match = _HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(document: Path) -> list[str]:
    return [
        target
        for line in prose_lines(document)
        for target in _LINK.findall(_INLINE_CODE.sub("", line))
        if not target.startswith(_EXTERNAL)
    ]


def test_slugs_are_githubs() -> None:
    assert slug("Listed products parsed once (2026-12-07, 13:00)") == (
        "listed-products-parsed-once-2026-12-07-1300"
    )
    assert slug("The `Idempotency-Key` header: retries") == "the-idempotency-key-header-retries"
    assert slug("Seed 001's door") == "seed-001s-door"


def test_every_document_is_checked() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in documents()}
    assert {"README.md", "docs/api.md", "docs/performance.md"} <= names


@pytest.mark.parametrize(
    "document", documents(), ids=lambda path: path.relative_to(ROOT).as_posix()
)
def test_relative_links_resolve(document: Path) -> None:
    dead = []
    for target in links(document):
        path, _, section = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            dead.append(f"{target}: no such file")
        elif section and linked.suffix == ".md" and section not in anchors(linked):
            dead.append(f"{target}: no such section in {linked.relative_to(ROOT)}")
    assert not dead, f"{document.relative_to(ROOT)} has dead links:\n" + "\n".join(dead)
