"""The CMS demo's pictures, drawn once (core/demo_art.py) and found by title on a second run."""

import io

from django.core.files.images import ImageFile
from wagtail.images.models import Image

from core.demo_art import product_photo, scene_photo

# Drawn demo pictures (core/demo_art.py); each alt text describes what is drawn.
DEMO_IMAGES = {
    "Demo: workshop bench": lambda: scene_photo(colours=["#6d6875", "#e5989b", "#a3b18a"]),
    "Demo: candle on a table": lambda: product_photo(
        title="candle", motif="candle", colour="#e5989b", view=1, wide=True
    ),
    "Demo: warehouse event": lambda: scene_photo(colours=["#7a2e46", "#e8b04b", "#1d5c63"]),
}


def demo_image(title: str) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    slug = title.split(": ", 1)[1].replace(" ", "-")
    image = Image(title=title, file=ImageFile(io.BytesIO(DEMO_IMAGES[title]()), name=f"demo-{slug}.jpg"))
    image.save()
    return image
