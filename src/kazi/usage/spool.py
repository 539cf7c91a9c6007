"""Usage rows the database could not take yet, kept on disk as JSON lines.

Each process appends to a file of its own (`active-<token>.jsonl`). To drain a file, a
process first claims it by renaming it to `claimed-<its token>-<n>.jsonl`: the rename is
atomic, so two processes never drain the same file. Writers hold an exclusive `flock`
while appending and check afterwards that their descriptor still names the active path,
so a claim never loses a line that was being written at the moment of the rename.

A running process also holds a lock on `owner-<token>.lock`; others claim its files only
once that lock is free, that is once the process has stopped or died.
"""

import fcntl
import json
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kazi.usage.record import UsageRecord, UsageStatus

ACTIVE_PREFIX = "active-"
CLAIMED_PREFIX = "claimed-"
OWNER_PREFIX = "owner-"
SUFFIX = ".jsonl"
LOCK_SUFFIX = ".lock"


@dataclass(frozen=True, slots=True)
class SpoolChunk:
    """Rows read from a claimed file, and where the next read starts."""

    records: list[UsageRecord]
    next_offset: int
    unreadable: int  # lines that were cut short by a crash or otherwise damaged
    at_end: bool


class UsageSpool:
    """The spool directory as seen by one process. Every method does blocking file I/O."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.active_path = directory / f"{ACTIVE_PREFIX}{self.token}{SUFFIX}"
        self._claims = 0
        self._owner_fd: int | None = None

    def hold(self) -> None:
        """Marks this process as alive, so that others leave its files alone."""
        if self._owner_fd is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Locked before it gets its name, so no one ever sees it unlocked.
            draft = self.directory / f".{OWNER_PREFIX}{self.token}.draft"
            fd = os.open(draft, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.rename(draft, self._owner_path(self.token))
            self._owner_fd = fd

    def release(self) -> None:
        if self._owner_fd is not None:
            self._owner_path(self.token).unlink(missing_ok=True)
            os.close(self._owner_fd)
            self._owner_fd = None

    def append(self, records: Sequence[UsageRecord]) -> None:
        payload = "".join(encode(rec) + "\n" for rec in records).encode()
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.active_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                if _still_named(fd, self.active_path):
                    _write_all(fd, payload)
                    os.fsync(fd)
                    return
            finally:
                os.close(fd)  # also releases the lock
            # The file was claimed between open and lock: write to a fresh one.

    def claim_own(self) -> Path | None:
        """Takes this process's active file for draining; None when there is none."""
        return self._claim(self.active_path)

    def claim_left_over(self) -> list[Path]:
        """Claims the files of processes that are gone, oldest first.

        Files another process claims first are skipped; so are those of running processes.
        """
        if not self.directory.is_dir():
            return []
        owners = {_owner_of(path.name) for path in self.directory.iterdir()} - {None, self.token}
        gone = {owner for owner in owners if owner and not self._owner_alive(owner)}
        candidates = [
            path
            for path in self.directory.iterdir()
            if path.name.endswith(SUFFIX) and _owner_of(path.name) in gone
        ]
        claimed = [self._claim(path) for path in sorted(candidates, key=_modified_at)]
        for owner in gone:
            self._owner_path(owner).unlink(missing_ok=True)
        return [path for path in claimed if path is not None]

    def read_chunk(self, path: Path, offset: int, limit: int) -> SpoolChunk:
        """Up to `limit` lines from `offset`; damaged lines are counted and skipped."""
        records: list[UsageRecord] = []
        unreadable = 0
        position = offset
        with path.open("rb") as file:
            file.seek(offset)
            for line in file:
                position += len(line)
                record = _decode(line)
                if record is None:
                    unreadable += 1
                else:
                    records.append(record)
                if len(records) + unreadable >= limit:
                    break
            at_end = position >= os.fstat(file.fileno()).st_size
        return SpoolChunk(records, position, unreadable, at_end)

    def remove(self, path: Path) -> None:
        # Another process may have claimed it meanwhile; its rows are then its to write.
        path.unlink(missing_ok=True)

    def _owner_path(self, token: str) -> Path:
        return self.directory / f"{OWNER_PREFIX}{token}{LOCK_SUFFIX}"

    def _owner_alive(self, token: str) -> bool:
        try:
            fd = os.open(self._owner_path(token), os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def _claim(self, path: Path) -> Path | None:
        self._claims += 1
        target = self.directory / f"{CLAIMED_PREFIX}{self.token}-{self._claims:06d}{SUFFIX}"
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None
        _wait_for_writers(target)
        return target


def _owner_of(name: str) -> str | None:
    """The token of the process a spool or owner file belongs to, from its name."""
    if name.startswith(ACTIVE_PREFIX) and name.endswith(SUFFIX):
        return name[len(ACTIVE_PREFIX) : -len(SUFFIX)]
    if name.startswith(CLAIMED_PREFIX) and name.endswith(SUFFIX):
        return name[len(CLAIMED_PREFIX) : -len(SUFFIX)].rsplit("-", 1)[0]
    if name.startswith(OWNER_PREFIX) and name.endswith(LOCK_SUFFIX):
        return name[len(OWNER_PREFIX) : -len(LOCK_SUFFIX)]
    return None


def encode(rec: UsageRecord) -> str:
    row = rec.as_row()
    row["created_at"] = rec.created_at.isoformat()
    return json.dumps(row, separators=(",", ":"))


def _decode(line: bytes) -> UsageRecord | None:
    if not line.endswith(b"\n"):
        return None  # the writer died half way through this line
    try:
        row: dict[str, Any] = json.loads(line)
        row["created_at"] = datetime.fromisoformat(row["created_at"])
        row["status"] = UsageStatus(row["status"])
        return UsageRecord(**row)
    except (ValueError, TypeError, KeyError):
        return None


def _still_named(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _wait_for_writers(path: Path) -> None:
    """Blocks until a writer that opened the file before the rename has finished."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _modified_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
