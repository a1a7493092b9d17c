"""Demo pictures drawn with Pillow: studio-style product shots (soft gradient backdrop, shadow,
shaded object) so the demo shop looks like a shop without shipping photographs in the repository.

Only `seed_demo` uses this; the pictures are deterministic for a given title, motif and view.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = 1200


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b, strict=True))


# Blurs are drawn at a quarter of the size and scaled up: the same softness, a tenth of the time.
_SMALL = SIZE // 4


def _soft_mask(box, fill: int, radius: float) -> Image.Image:
    mask = Image.new("L", (_SMALL, _SMALL), 0)
    ImageDraw.Draw(mask).ellipse(tuple(v / 4 for v in box), fill=fill)
    return mask.filter(ImageFilter.GaussianBlur(radius / 4)).resize((SIZE, SIZE), Image.BILINEAR)


def _backdrop(top, bottom) -> Image.Image:
    """A studio sweep: vertical gradient with a lighter spot behind the object."""
    ramp = Image.linear_gradient("L").resize((SIZE, SIZE))
    canvas = Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), ramp
    )
    canvas.paste(
        Image.new("RGB", (SIZE, SIZE), (255, 255, 255)), mask=_soft_mask((250, 150, 950, 850), 90, 160)
    )
    return canvas


def _shadow(canvas: Image.Image, box) -> None:
    canvas.paste(Image.new("RGB", (SIZE, SIZE), (40, 30, 30)), mask=_soft_mask(box, 110, 28))


def _bead_ring(draw, colour, rng, *, cx=600, cy=560, rx=260, ry=150, beads=26, size=34):
    dark, light = _mix(colour, (0, 0, 0), 0.35), _mix(colour, (255, 255, 255), 0.55)
    for i in range(beads):
        angle = 2 * math.pi * i / beads
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        r = size * (0.85 + 0.3 * (math.sin(angle) + 1) / 2)
        tone = colour if i % 5 else _mix(colour, (230, 190, 90), 0.7)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tone, outline=dark, width=3)
        draw.ellipse((x - r * 0.5, y - r * 0.6, x - r * 0.05, y - r * 0.2), fill=light)


def _necklace(draw, colour, rng):
    dark = _mix(colour, (0, 0, 0), 0.4)
    draw.arc((260, 120, 940, 800), 20, 160, fill=(200, 170, 90), width=8)
    for i in range(15):
        angle = math.radians(25 + i * 130 / 14)
        x, y = 600 + 340 * math.cos(angle), 460 + 340 * math.sin(angle)
        draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=colour, outline=dark, width=3)
    draw.polygon([(600, 840), (550, 760), (650, 760)], fill=(214, 180, 96), outline=(150, 120, 60))


def _bag(draw, colour, rng):
    dark, light = _mix(colour, (0, 0, 0), 0.3), _mix(colour, (255, 255, 255), 0.25)
    draw.arc((420, 220, 780, 620), 180, 360, fill=dark, width=30)
    draw.rounded_rectangle((330, 420, 870, 900), radius=40, fill=colour, outline=dark, width=6)
    draw.rectangle((330, 420, 870, 470), fill=light)
    for x in range(360, 860, 28):  # visible weave / stitching
        draw.line([(x, 500), (x, 880)], fill=_mix(colour, (0, 0, 0), 0.12), width=2)
    draw.rounded_rectangle((520, 600, 680, 700), radius=12, fill=light, outline=dark, width=3)


def _candle(draw, colour, rng):
    glass, wax = (235, 230, 220), _mix(colour, (255, 255, 255), 0.45)
    draw.rounded_rectangle((420, 420, 780, 900), radius=50, fill=glass, outline=(190, 180, 170), width=6)
    draw.rounded_rectangle((440, 520, 760, 880), radius=40, fill=wax)
    draw.rectangle((440, 640, 760, 760), fill=colour)
    draw.line([(600, 520), (600, 470)], fill=(60, 50, 40), width=6)
    draw.ellipse((570, 360, 630, 470), fill=(255, 190, 70))
    draw.ellipse((585, 400, 615, 465), fill=(255, 240, 190))


def _textile(draw, colour, rng):
    dark, light = _mix(colour, (0, 0, 0), 0.3), _mix(colour, (255, 255, 255), 0.5)
    for layer in range(3):
        offset = layer * 60
        draw.rounded_rectangle(
            (280 + offset, 360 - offset // 2, 920 - offset // 3, 860 - offset),
            radius=18,
            fill=_mix(colour, (255, 255, 255), 0.15 * layer),
            outline=dark,
            width=3,
        )
    for y in range(420, 780, 60):
        draw.line([(300, y), (880, y)], fill=light, width=10)
    for x in range(300, 900, 24):
        draw.line([(x, 860), (x, 900)], fill=dark, width=4)  # fringe


def _soap(draw, colour, rng):
    dark, light = _mix(colour, (0, 0, 0), 0.3), _mix(colour, (255, 255, 255), 0.5)
    draw.rounded_rectangle((300, 560, 900, 860), radius=70, fill=dark)
    draw.rounded_rectangle((300, 520, 900, 820), radius=70, fill=colour)
    draw.rounded_rectangle((380, 580, 820, 760), radius=40, outline=light, width=6)
    for _ in range(40):  # oats, petals
        x, y = rng.randint(340, 860), rng.randint(540, 800)
        draw.ellipse((x, y, x + 10, y + 6), fill=_mix(colour, (255, 245, 220), 0.6))


def _jar(draw, colour, rng):
    dark = _mix(colour, (0, 0, 0), 0.35)
    draw.rounded_rectangle(
        (400, 380, 800, 460), radius=20, fill=(180, 150, 110), outline=(120, 100, 70), width=4
    )
    draw.rounded_rectangle(
        (380, 450, 820, 900), radius=60, fill=_mix(colour, (255, 255, 255), 0.35), outline=dark, width=5
    )
    draw.rounded_rectangle((440, 580, 760, 760), radius=16, fill=(250, 246, 238), outline=dark, width=3)
    draw.line([(480, 640), (720, 640)], fill=dark, width=6)
    draw.line([(480, 690), (660, 690)], fill=_mix(dark, (255, 255, 255), 0.4), width=5)


def _knit(draw, colour, rng):
    dark, light = _mix(colour, (0, 0, 0), 0.3), _mix(colour, (255, 255, 255), 0.3)
    draw.pieslice((320, 300, 880, 900), 180, 360, fill=colour, outline=dark, width=5)
    draw.rounded_rectangle((300, 580, 900, 700), radius=30, fill=dark)
    for x in range(340, 880, 40):  # ribbing
        draw.line([(x, 590), (x, 690)], fill=light, width=6)
    for row in range(6):
        for x in range(380 + (row % 2) * 20, 840, 44):
            y = 360 + row * 36
            if (x - 600) ** 2 / 280**2 + (y - 600) ** 2 / 300**2 < 1:
                draw.arc((x, y, x + 30, y + 26), 200, 340, fill=light, width=4)
    draw.ellipse((560, 250, 640, 330), fill=light, outline=dark, width=4)  # pompom


MOTIFS = {
    "beads": _bead_ring,
    "necklace": _necklace,
    "bag": _bag,
    "candle": _candle,
    "textile": _textile,
    "soap": _soap,
    "jar": _jar,
    "knit": _knit,
}
# (top, bottom) backdrops for the views of one product: studio, warm table, close-up
BACKDROPS = [
    ((246, 241, 234), (222, 212, 200)),
    ((238, 228, 214), (196, 170, 140)),
    ((233, 238, 236), (200, 212, 208)),
]


def _draw_product(*, title: str, motif: str, colour: str, view: int) -> Image.Image:
    rng = random.Random(f"{title}:{view}")  # noqa: S311 - repeatable decoration, not security
    top, bottom = BACKDROPS[view % len(BACKDROPS)]
    canvas = _backdrop(top, bottom)
    if view == 1:  # a tabletop edge behind the object
        ImageDraw.Draw(canvas).rectangle((0, 860, SIZE, SIZE), fill=_mix(bottom, (120, 90, 60), 0.35))
    _shadow(canvas, (300, 840, 900, 940))
    MOTIFS[motif](ImageDraw.Draw(canvas), _hex(colour), rng)
    return canvas.filter(ImageFilter.SMOOTH)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=86)
    return buffer.getvalue()


def product_photos(*, title: str, motif: str, colour: str) -> list[bytes]:
    """Three JPEGs of `motif` in `colour`: the studio shot, a styled tabletop shot and a close-up."""
    studio = _draw_product(title=title, motif=motif, colour=colour, view=0)
    table = _draw_product(title=title, motif=motif, colour=colour, view=1)
    close_up = studio.crop((200, 250, 1000, 1050)).resize((SIZE, SIZE), Image.LANCZOS)
    return [_jpeg(studio), _jpeg(table), _jpeg(close_up)]


def product_photo(*, title: str, motif: str, colour: str, view: int = 0, wide: bool = False) -> bytes:
    """One JPEG of `motif` (view 0 studio, 1 tabletop); `wide` crops it to 3:2 (1200 x 800)."""
    image = _draw_product(title=title, motif=motif, colour=colour, view=view)
    return _jpeg(image.crop((0, 200, SIZE, 1000)) if wide else image)


def scene_photo(*, colours: list[str]) -> bytes:
    """The home page's hero: a candle, a bar of soap and a tote on a workbench."""
    rng = random.Random("hero")  # noqa: S311 - repeatable decoration, not security
    canvas = _backdrop((240, 228, 214), (190, 160, 128))
    ImageDraw.Draw(canvas).rectangle((0, 820, SIZE, SIZE), fill=(150, 110, 76))
    layers = [
        ("bag", colours[0], (-250, 20)),
        ("candle", colours[1], (260, 20)),
        ("soap", colours[2], (0, 150)),
    ]
    for motif, colour, (dx, dy) in layers:
        layer = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
        MOTIFS[motif](ImageDraw.Draw(layer), _hex(colour), rng)
        layer = layer.resize((SIZE * 3 // 5, SIZE * 3 // 5), Image.LANCZOS)
        _shadow(canvas, (300 + dx, 800 + dy, 900 + dx, 900 + dy))
        canvas.paste(layer, (240 + dx, 260 + dy), layer)
    wide = canvas.resize((1200, 1200)).crop((0, 200, 1200, 1000))
    buffer = io.BytesIO()
    wide.convert("RGB").save(buffer, format="JPEG", quality=86)
    return buffer.getvalue()
