"""Logo uploads, accepted only when they decode as PNG or JPEG (and PDF where a caller allows it),
never by their name.

Pillow opens, verifies and then fully loads the image under a pixel cap (a decompression bomb is an
error, not a warning); pypdf parses a PDF's page tree. Anything else, SVG included (it can carry
scripts and links), is refused with a message the uploader can act on. Every app that takes a logo
(gift boxes, sponsors) calls `logo_check` and turns `UploadRefused` into its own error.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 8000
MAX_PDF_PAGES = 5
IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


class UploadRefused(ValueError):
    """The file was not accepted; `str(error)` says why, fit to show the person who uploaded it."""


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    width: int | None = None
    height: int | None = None


def _help(allow_pdf: bool) -> str:
    kinds = "a PNG, JPEG or PDF" if allow_pdf else "a PNG or JPEG"
    return f"Upload your logo as {kinds} file of at most {MAX_BYTES // (1024 * 1024)} MB."


def _read(upload, help_text: str) -> bytes:
    if upload is None:
        raise UploadRefused("Choose a file to upload.")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise UploadRefused(f"That file is too large. {help_text}")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"That file is too large. {help_text}")
    if not data:
        raise UploadRefused(f"That file is empty. {help_text}")
    return data


def _check_pdf(data: bytes, help_text: str) -> CheckedUpload:
    # pypdf costs every process that imports it about 19 MB; only a PDF upload needs it.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused("That PDF is password-protected: upload it without a password.")
        pages = len(reader.pages)
        if pages < 1:
            raise UploadRefused(f"That PDF has no pages. {help_text}")
        reader.pages[0].mediabox  # noqa: B018  (parses the first page)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        raise UploadRefused(f"That PDF could not be read. {help_text}") from exc
    if pages > MAX_PDF_PAGES:
        raise UploadRefused(f"A logo PDF may have at most {MAX_PDF_PAGES} pages.")
    return CheckedUpload(content=data, content_type="application/pdf", extension="pdf")


def _check_image(data: bytes, help_text: str, readable: str) -> CheckedUpload:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head:
        raise UploadRefused(f"SVG files are not accepted (they can carry scripts). {help_text}")
    try:
        # Pillow's own MAX_IMAGE_PIXELS guard stays in force (its warning made an error); our
        # tighter cap is checked from the header, before anything is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in IMAGE_FORMATS:
                raise UploadRefused(f"{image_format or 'That'} images are not accepted. {help_text}")
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                raise UploadRefused(f"That image is too large ({width} x {height} pixels). {help_text}")
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(f"That image has too many pixels. {help_text}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise UploadRefused(f"That file is not a readable {readable}. {help_text}") from exc
    return CheckedUpload(
        content=data,
        content_type=IMAGE_FORMATS[image_format],
        extension=image_format.lower(),
        width=width,
        height=height,
    )


def logo_check(*, upload, allow_pdf: bool = False) -> CheckedUpload:
    """The upload's bytes and real type, or UploadRefused saying why it was refused."""
    help_text = _help(allow_pdf)
    data = _read(upload, help_text)
    if data.startswith(b"%PDF-"):
        if not allow_pdf:
            raise UploadRefused(f"PDF files are not accepted here. {help_text}")
        return _check_pdf(data, help_text)
    return _check_image(data, help_text, "PNG, JPEG or PDF" if allow_pdf else "PNG or JPEG")
