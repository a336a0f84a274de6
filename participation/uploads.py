"""PDF uploads: checked by their content, never trusted by name or type header."""

from __future__ import annotations

import io
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError


def safe_file_name(name: str) -> str:
    """A plain file name: no directories, no control or odd characters, ends in .pdf."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w.\- ]", "_", base, flags=re.UNICODE).strip(" .")
    base = re.sub(r"\.{2,}", ".", base)
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = stem[:100] or "statement"
    return f"{stem}.pdf"


def validate_pdf(upload) -> None:
    """Raise ValidationError unless `upload` is a readable PDF within UPLOAD_MAX_BYTES."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB is accepted.")
            % {"mb": round(limit / (1024 * 1024), 1)}
        )
    upload.seek(0)
    head = upload.read(5)
    if head != b"%PDF-":
        upload.seek(0)
        raise ValidationError(_("The file is not a PDF document. Only PDF files are accepted."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("Encrypted PDF files cannot be accepted."))
        if len(reader.pages) < 1:
            raise ValidationError(_("The PDF document has no pages."))
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(_("The PDF file is damaged and cannot be opened.")) from exc
