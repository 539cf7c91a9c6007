"""The spool keeps rows across processes, and a file is only ever drained by one of them."""

import json
from pathlib import Path

from kazi.usage.spool import UsageSpool
from tests.usage.support import make_record


def test_rows_come_back_as_they_were_written(tmp_path: Path) -> None:
    spool = UsageSpool(tmp_path)
    records = [make_record(cost_micro_usd=None, user_id=7), make_record(error_code="timeout")]
    spool.append(records)
    claimed = spool.claim_own()
    assert claimed is not None
    chunk = spool.read_chunk(claimed, 0, 10)
    assert (chunk.records, chunk.unreadable, chunk.at_end) == (records, 0, True)
    assert chunk.records[0].created_at.tzinfo is not None


def test_reading_in_chunks_resumes_where_it_stopped(tmp_path: Path) -> None:
    spool = UsageSpool(tmp_path)
    records = [make_record() for _ in range(5)]
    spool.append(records)
    claimed = spool.claim_own()
    assert claimed is not None
    first = spool.read_chunk(claimed, 0, 2)
    rest = spool.read_chunk(claimed, first.next_offset, 10)
    assert (first.records, first.at_end) == (records[:2], False)
    assert (rest.records, rest.at_end) == (records[2:], True)


def test_a_left_over_file_is_claimed_by_one_process_only(tmp_path: Path) -> None:
    crashed = UsageSpool(tmp_path)  # wrote, then died without releasing anything
    crashed.append([make_record()])
    first, second = UsageSpool(tmp_path), UsageSpool(tmp_path)
    first.hold()
    second.hold()
    taken = first.claim_left_over()
    assert [path.name for path in taken] == [f"claimed-{first.token}-000001.jsonl"]
    assert second.claim_left_over() == []  # first is running: its files stay its own

    first.release()
    assert [path.name for path in second.claim_left_over()] == [
        f"claimed-{second.token}-000001.jsonl"
    ]
    second.release()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"claimed-{second.token}-000001.jsonl"
    ]


def test_writing_after_a_claim_starts_a_new_file(tmp_path: Path) -> None:
    spool = UsageSpool(tmp_path)
    before, after = make_record(), make_record()
    spool.append([before])
    claimed = spool.claim_own()
    spool.append([after])
    assert claimed is not None
    assert [json.loads(line)["request_id"] for line in claimed.read_text().splitlines()] == [
        before.request_id
    ]
    assert after.request_id in spool.active_path.read_text()
    assert spool.claim_own() != claimed


def test_no_spool_directory_means_nothing_to_claim(tmp_path: Path) -> None:
    spool = UsageSpool(tmp_path / "missing")
    assert spool.claim_left_over() == []
    assert spool.claim_own() is None
