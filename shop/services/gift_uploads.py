"""Logo and proof uploads, accepted only when they decode as PNG, JPEG or PDF (never by their name).

Pillow opens, verifies and then fully loads the image under a pixel cap (a decompression bomb is an
error, not a warning); pypdf parses a PDF's page tree. Anything else, SVG included (it can carry
scripts and links), is refused with a message the customer can act on.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from shop.errors import GiftError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 8000
MAX_PDF_PAGES = 5
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
HELP = "Upload your logo as a PNG, JPEG or PDF file of at most 5 MB."


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str


def _read(upload) -> bytes:
    if upload is None:
        raise GiftError("Choose a file to upload.")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise GiftError(f"That file is too large. {HELP}")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise GiftError(f"That file is too large. {HELP}")
    if not data:
        raise GiftError(f"That file is empty. {HELP}")
    return data


def _check_pdf(data: bytes) -> CheckedUpload:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise GiftError("That PDF is password-protected: upload it without a password.")
        pages = len(reader.pages)
        if pages < 1:
            raise GiftError(f"That PDF has no pages. {HELP}")
        reader.pages[0].mediabox  # noqa: B018  (parses the first page)
    except GiftError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise GiftError(f"That PDF could not be read. {HELP}") from exc
    if pages > MAX_PDF_PAGES:
        raise GiftError(f"A logo PDF may have at most {MAX_PDF_PAGES} pages.")
    return CheckedUpload(content=data, content_type="application/pdf", extension="pdf")


def _check_image(data: bytes) -> CheckedUpload:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise GiftError(f"SVG files are not accepted (they can carry scripts). {HELP}")
    try:
        # Pillow's own MAX_IMAGE_PIXELS guard stays in force (its warning made an error); our
        # tighter cap is checked from the header, before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in FORMATS:
                raise GiftError(f"{image_format or 'That'} images are not accepted. {HELP}")
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise GiftError(f"That image is too large ({width} x {height} pixels). {HELP}")
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except GiftError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise GiftError(f"That image has too many pixels. {HELP}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise GiftError(f"That file is not a readable PNG, JPEG or PDF. {HELP}") from exc
    return CheckedUpload(content=data, content_type=FORMATS[image_format], extension=image_format.lower())


def upload_check(*, upload) -> CheckedUpload:
    """The upload's bytes and real type, or GiftError saying why it was refused."""
    data = _read(upload)
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    return _check_image(data)
