"""Uploaded files on their way to the importer: safe names in a temporary folder, and a progress
callback that a click elsewhere on the page can't stop midway.

No Streamlit here: an upload is anything with a name and a buffer (Streamlit's UploadedFile).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

_UNSAFE_NAME = re.compile(r"[^\w.\- ()]")


class UploadError(RuntimeError):
    """The uploads could not be written to a temporary folder; the message says why."""


class Upload(Protocol):
    """What the page's uploader gives: a file name and its bytes (Streamlit's UploadedFile)."""

    name: str

    def getbuffer(self) -> memoryview: ...


class ProgressRelay:
    """A progress callback that passes each step to `show` and never stops the change midway.

    Streamlit stops or reruns a script at its next drawing call when the person clicks
    elsewhere; raised inside the import, that would abandon it. The relay holds such an
    exception (and shows nothing more) until the change is over: `raise_held()` after.
    """

    def __init__(self, show: Callable[[str], Any]) -> None:
        self.show = show
        self.held: BaseException | None = None

    def __call__(self, text: str) -> None:
        if self.held is not None:
            return
        try:
            self.show(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 (Streamlit's stop and rerun are BaseExceptions)
            self.held = error

    def raise_held(self) -> None:
        if self.held is not None:
            raise self.held


def safe_file_name(name: str) -> str:
    """The base name of an uploaded file, safe to write in a folder of our own.

    No folder parts ('../../x.csv', 'C:\\exports\\x.csv' -> 'x.csv'), no leading dot, only
    letters, digits, spaces and . - _ ( ); 'upload.csv' when nothing is left.
    """
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_NAME.sub("_", base).lstrip(". ")
    return base or "upload.csv"


def _unique(name: str, taken: set[str]) -> str:
    """'reading_logs.csv', then 'reading_logs (2).csv': the name still starts with its table's."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}){dot}{suffix}"
    taken.add(candidate.lower())
    return candidate


@contextmanager
def saved_uploads(uploads: Sequence[Upload]) -> Iterator[list[Path]]:
    """Write the uploads into a fresh temporary folder under their own (safe) names; yield the
    paths; delete the folder after, however the import ends."""
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="school-goals-upload-"))
        taken: set[str] = set()
        paths = []
        for upload in uploads:
            path = folder / _unique(safe_file_name(upload.name), taken)
            with upload.getbuffer() as content:  # no copy of a file of hundreds of MB
                path.write_bytes(content)
            paths.append(path)
    except OSError as error:
        _remove(folder)
        why = error.strerror or str(error)
        raise UploadError(
            f"The uploaded files could not be saved for the import ({why}). Nothing was imported."
        ) from error
    try:
        yield paths
    finally:
        _remove(folder)


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
