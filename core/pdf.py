"""PDF documents (fpdf2) with one font rule: the core Helvetica when every text is Latin-1 (no font
file to load, about 0.4 s saved), DejaVu Sans when a name needs another script and the font is
installed; otherwise the characters Helvetica cannot show are replaced.

fpdf2 is imported when the first document is drawn, not with this module: with fontTools it costs a
process about 35 MB, and a web worker serving pages and carts never draws one (bench/README.md).
"""

from __future__ import annotations

from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
# Printable stand-ins in Latin-1 for the punctuation our texts use most.
SUBSTITUTES = {
    "\u00d7": "x",
    "\u2014": "-",
    "\u2013": "-",
    "\u2212": "-",
    "\u00b7": "-",
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
}


def _substituted(text) -> str:
    text = str(text or "")
    for wide, narrow in SUBSTITUTES.items():
        text = text.replace(wide, narrow)
    return text


def is_latin1(text) -> bool:
    """True when the core fonts can print `text` (after the punctuation substitutes)."""
    try:
        _substituted(text).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def latin1(text) -> str:
    """`text` as the core fonts can print it: substitutes, then '?' for anything else."""
    return _substituted(text).encode("latin-1", "replace").decode("latin-1")


class Document:
    """One fpdf2 document. Methods and attributes not defined here are the FPDF's own
    (`document.cell(...)`, `document.w`), so page code reads like plain fpdf2."""

    def __init__(
        self,
        *,
        title: str,
        texts: tuple[str, ...] = (),
        orientation: str = "portrait",
        unit: str = "mm",
        format="Letter",
        page_break_margin: float | None = None,
        first_page: bool = True,
    ):
        from fpdf import FPDF  # late on purpose: see the module docstring

        self.pdf = FPDF(orientation=orientation, unit=unit, format=format)
        self.pdf.set_title(title)
        self.pdf.set_creator("Hope Works")
        self.pdf.set_auto_page_break(auto=page_break_margin is not None, margin=page_break_margin or 0)
        self.unicode = False
        if not all(is_latin1(text) for text in texts):
            for directory in FONT_DIRS:
                regular, bold = directory / "DejaVuSans.ttf", directory / "DejaVuSans-Bold.ttf"
                if regular.exists() and bold.exists():
                    self.pdf.add_font("body", "", str(regular))
                    self.pdf.add_font("body", "B", str(bold))
                    self.unicode = True
                    break
        self.family = "body" if self.unicode else "helvetica"
        if first_page:
            self.pdf.add_page()

    def __getattr__(self, name):
        if name == "pdf":  # not yet set (during __init__ or unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.pdf, name)

    def safe(self, text) -> str:
        """`text` as this document's font can print it."""
        return str(text or "") if self.unicode else latin1(text)

    def to_bytes(self) -> bytes:
        return bytes(self.pdf.output())
