"""Screenshots of job postings: checked by their bytes, never by a name or a declared type.

A client's filename and Content-Type are whatever the client says; the first bytes
of the file are what a vendor will actually decode, so they decide.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from http import HTTPStatus

from kazi.kit.errors import InvalidInput, KaziError
from kazi.llm.types import ImagePart

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# Base64 grows data by a third (padding included); checked before decoding anything.
MAX_IMAGE_BASE64_CHARS = (MAX_IMAGE_BYTES + 2) // 3 * 4
_DATA_URL_PREFIX = re.compile(r"^data:[\w.+-]+/[\w.+-]+;base64,", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")


class UnsupportedImage(KaziError):
    code = "unsupported_image"
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    message = "The screenshot must be a PNG, JPEG or WebP image."


class ImageTooLarge(KaziError):
    code = "image_too_large"
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    message = f"The screenshot is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB."


@dataclass(frozen=True)
class Screenshot:
    data: bytes
    mime_type: str

    def part(self) -> ImagePart:
        return ImagePart(self.data, self.mime_type)


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type the file's signature announces, for the three accepted formats."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def checked_image(data: bytes) -> Screenshot:
    """Accept data as a screenshot or raise a client error saying why not."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLarge
    if not data:
        raise InvalidInput("The screenshot is empty.")
    mime_type = sniff_image_type(data)
    if mime_type is None:
        raise UnsupportedImage
    return Screenshot(data, mime_type)


def decode_base64_image(encoded: str) -> Screenshot:
    """A screenshot sent as base64 text, optionally as a data: URL (its type is ignored)."""
    payload = _WHITESPACE.sub("", _DATA_URL_PREFIX.sub("", encoded.strip(), count=1))
    if len(payload) > MAX_IMAGE_BASE64_CHARS:
        raise ImageTooLarge
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("image_base64 is not valid base64.") from None
    return checked_image(data)
