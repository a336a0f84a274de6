"""The decision's and the follow-up report's PDFs as the tests read them: the bytes stored at
approval (as a user downloads them), rendered again as at approval, and their text (pypdf)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def stored_pdf(document) -> bytes:
    """The bytes of a stored PDF (a DecisionDocument, a FollowUpDocument) as a user
    downloads them."""
    with document.file.open("rb") as handle:
        return handle.read()


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    """Each page's text, as pypdf extracts it."""
    return [page.extract_text() for page in pdf_reader(data).pages]


def pdf_text(data: bytes, *, pages: int | None = None) -> str:
    """The text of the PDF (of its first `pages` pages), white space folded to one space."""
    return normalised(" ".join(page_texts(data)[:pages]))


def normalised(text: str) -> str:
    return " ".join(text.split())


def as_approved(decision) -> dict:
    """The decision's documents as its approval froze them: the arguments of
    render_decision_html and render_decision_pdf besides the language (the approved
    versions' snapshots and the package's texts), as the approval and the decision page's
    "render again" give them."""
    from promises.decision.services import _snapshots

    approval = decision.approval
    return {
        "project": decision.project,
        "snapshots": _snapshots(approval),
        "texts": approval.package,
        "decision": decision,
    }
