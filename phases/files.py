"""Files stored alongside rows: all or nothing, files included.

A file is written to storage when it is saved, not when the transaction commits: if the
rows that name it are rolled back, the file would stay behind, named by nothing.

    with removed_if_failed() as keep, transaction.atomic():
        stored = storage.save(name, content)
        keep(storage, stored)
        ...  # the rows; an exception here rolls them back and removes `stored`

A replaced file is removed only once the new row is committed
(`transaction.on_commit(lambda: storage.delete(old))`), never before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.files.storage import Storage

logger = logging.getLogger(__name__)


@contextmanager
def removed_if_failed() -> Iterator[Callable[[Storage, str], None]]:
    """Yields `keep(storage, name)`; the files kept are deleted if the block raises."""
    stored: list[tuple[Storage, str]] = []
    try:
        yield lambda storage, name: stored.append((storage, name))
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except Exception:  # best effort: the original error is the one to report
                logger.exception("Could not remove %s after a failed save", name)
        raise
