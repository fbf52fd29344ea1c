"""Looking at saved screens as a reviewer would: is there anything below the top bar?"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

# Below the bar, a real screen inks at least 1.2 % of its pixels (the sparsest tour screen, a
# form's confirm step); a screen whose widgets were caught hidden inks none.
INKED_AT_LEAST = 0.005
CONTRAST = 40  # grey levels away from the background that count as ink


def inked_below_top_bar(png: Path) -> float:
    """The share of pixels below the top bar that stand out from the screen's background."""
    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    bar = pixels[4, 4]
    top = 0
    while top < height and abs(int(pixels[4, top]) - int(bar)) < 8:  # type: ignore[arg-type]
        top += 1
    body = image.crop((0, top, width, height))
    histogram = body.histogram()
    background = max(range(256), key=histogram.__getitem__)
    inked = sum(count for level, count in enumerate(histogram) if abs(level - background) > CONTRAST)
    return inked / max(1, body.width * body.height)


def blank_screens(pngs: list[Path]) -> list[str]:
    """The names of the screens that show nothing below their top bar."""
    return [png.name for png in pngs if inked_below_top_bar(png) < INKED_AT_LEAST]
