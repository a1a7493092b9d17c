"""Gift-box logo and proof uploads: PNG, JPEG or PDF, checked by decoding them (`core.uploads`)."""

from __future__ import annotations

from core.uploads import MAX_BYTES, MAX_PIXELS, MAX_SIDE, CheckedUpload, UploadRefused, logo_check
from shop.errors import GiftError

__all__ = ["MAX_BYTES", "MAX_PIXELS", "MAX_SIDE", "CheckedUpload", "upload_check"]


def upload_check(*, upload) -> CheckedUpload:
    """The upload's bytes and real type, or GiftError saying why it was refused."""
    try:
        return logo_check(upload=upload, allow_pdf=True)
    except UploadRefused as refused:
        raise GiftError(str(refused)) from refused
