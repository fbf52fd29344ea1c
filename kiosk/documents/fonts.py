"""Find a CJK TrueType font through fontconfig and register it with reportlab.

reportlab embeds only TrueType-outline fonts: Noto CJK (CFF outlines) fails with
"postscript outlines are not supported", and the built-in STSong-Light is never
embedded, so print servers substitute it badly. Hence this lookup.

Each embedded subset also names its glyphs (``uni529E``) in an encoding. A PDF viewer does
not need that (the ToUnicode map gives the text), but a print path through PostScript keeps
only glyph names: CUPS turns a PDF into PostScript for many printers (and for cups-pdf),
and without the names the text of the printed PDF is lost to search and to screen readers.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.documents import DocumentError

FONT_NAME = "KioskCJK"
FONT_PACKAGE = "fonts-wqy-microhei"
PREFERRED_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing", "Droid Sans Fallback")
_FC_FORMAT = "%{file}|%{index}|%{fontformat}|%{family}\\n"


class FontMissing(DocumentError):
    """No CJK font that reportlab can embed is installed."""


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int  # face inside a .ttc collection
    fontformat: str  # fontconfig's name for the outlines: "TrueType" or "CFF"
    families: tuple[str, ...]


def fontconfig_faces() -> list[FontFace]:
    """Every font fontconfig knows that covers Chinese; empty if fontconfig is absent."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", _FC_FORMAT, ":lang=zh"],
            capture_output=True, text=True, check=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("|", 3)
        if len(parts) == 4 and parts[1].isdigit():
            file, index, fontformat, families = parts
            faces.append(FontFace(Path(file), int(index), fontformat, tuple(families.split(","))))
    return faces


def _rank(face: FontFace) -> tuple[int, int, int, str]:
    """Preferred family first; an exact family name beats a variant ("… Mono")."""
    first = face.families[0].casefold() if face.families else ""
    for rank, family in enumerate(PREFERRED_FAMILIES):
        if first == family.casefold():
            return (rank, 0, face.index, str(face.path))
        if first.startswith(family.casefold()):
            return (rank, 1, face.index, str(face.path))
    return (len(PREFERRED_FAMILIES), 0, face.index, str(face.path))


def _loads_in_reportlab(face: FontFace) -> bool:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        TTFont(FONT_NAME, str(face.path), subfontIndex=face.index)
    except (TTFError, OSError):
        return False
    return True


def _missing() -> FontMissing:
    return FontMissing(
        f"No Chinese TrueType font found: install the Debian package {FONT_PACKAGE} "
        f"(apt-get install {FONT_PACKAGE})"
    )


def _candidates() -> list[FontFace]:
    truetype = [f for f in fontconfig_faces() if f.fontformat == "TrueType" and f.path.is_file()]
    return sorted(truetype, key=_rank)


@functools.cache
def cjk_font_face() -> FontFace:
    """The best embeddable CJK face on this machine. Raises FontMissing if there is none."""
    for face in _candidates():
        if _loads_in_reportlab(face):
            return face
    raise _missing()


def cjk_font_path() -> Path:
    """The most likely font file, found without loading it: a quick check at start-up."""
    candidates = _candidates()
    if not candidates:
        raise _missing()
    return candidates[0].path


@functools.cache
def register_cjk_font() -> str:
    """Register the face with reportlab once; returns the font name for styles.

    Bold and italic map to the same face (the CJK fonts here have no bold), so
    ``<b>`` in Paragraph markup never falls back to an unembedded Helvetica.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    face = cjk_font_face()
    pdfmetrics.registerFont(_named_glyph_font_class()(FONT_NAME, str(face.path), subfontIndex=face.index))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT_NAME, bold, italic, FONT_NAME)
    return FONT_NAME


def glyph_name(code_point: int) -> str:
    """The Adobe Glyph List name for a code point: uni4E2D, or u1F600 beyond the BMP."""
    return f"uni{code_point:04X}" if code_point < 0x10000 else f"u{code_point:05X}"


@functools.cache
def _named_glyph_font_class() -> type:
    """reportlab's TTFont whose subsets carry an encoding naming each glyph (see the module docstring)."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import TTFont

    class NamedGlyphTTFont(TTFont):
        def addObjects(self, doc: Any) -> None:
            state = self.state.get(doc)
            subsets = [(self.getSubsetInternalName(n, doc)[1:], list(subset))
                       for n, subset in enumerate(state.subsets)] if state is not None else []
            super().addObjects(doc)
            fonts = doc.idToObject["BasicFonts"].dict
            for internal_name, code_points in subsets:
                differences = pdfdoc.PDFArray([0, *(pdfdoc.PDFName(glyph_name(cp)) for cp in code_points)])
                fonts[internal_name].Encoding = pdfdoc.PDFDictionary(
                    {"Type": pdfdoc.PDFName("Encoding"), "Differences": differences}
                )

    return NamedGlyphTTFont
