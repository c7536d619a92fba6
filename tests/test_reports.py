import datetime as dt

from geo.io.reports import MAX_REPORT_BYTES, load_reports, parse_report

from .conftest import SAMPLE


def test_sample_reports_load_with_their_metadata():
    result = load_reports([SAMPLE])
    assert result.problems == []
    by_id = {r.id: r for r in result.reports}
    assert len(by_id) == 5
    rfe = by_id["001_dead59048cb22baa"]
    assert rfe.outlet == "RFE/RL"
    assert rfe.published == dt.date(2015, 9, 18)
    assert rfe.title == "Russian, U.S. Defense Chiefs Talk By Telephone About Fighting IS"
    # Offsets are into the body: the front matter is gone.
    assert rfe.text.startswith("Accessibility links")


def test_report_without_metadata_gets_title_and_date_from_its_text():
    report, warnings = parse_report("Moscow denies it\n\nPublished Nov 25, 2015\n\nText.".encode(), name="x.txt")
    assert warnings == []
    assert report.title == "Moscow denies it"
    assert report.published == dt.date(2015, 11, 25)
    assert report.published_source == "text"


def test_bad_files_are_named_and_skipped_and_the_rest_is_read(tmp_path, write_report):
    good = write_report("good.txt", "Russian jets struck targets near Aleppo on Tuesday.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Fighting in Hom\xe9s".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_REPORT_BYTES + 1))
    result = load_reports([tmp_path])
    assert [r.path for r in result.reports] == [str(good)]
    messages = {p.path.rsplit("/", 1)[-1]: p.message for p in result.problems}
    assert "empty" in messages["empty.txt"]
    assert "binary" in messages["binary.txt"]
    assert "UTF-8" in messages["latin1.txt"]
    assert "at most" in messages["huge.txt"]
    assert all(p.skipped for p in result.problems)


def test_malformed_front_matter_keeps_the_text_with_a_clear_warning(write_report):
    path = write_report("open.txt", "---\ntitle: never closed\n")
    result = load_reports([path])
    assert result.reports[0].text.startswith("---\ntitle: never closed")
    assert "never closed" in result.problems[0].message
    assert not result.problems[0].skipped


def test_bad_published_date_is_a_warning_not_a_loss(write_report):
    path = write_report("d.txt", "Fighting near Aleppo.", published="last Tuesday")
    result = load_reports([path])
    assert len(result.reports) == 1 and result.reports[0].published is None
    assert not result.problems[0].skipped
    assert "YYYY-MM-DD" in result.problems[0].message


def test_duplicate_stems_get_distinct_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "r.txt").write_text("Fighting near Aleppo.")
    (tmp_path / "b" / "r.txt").write_text("Fighting near Homs.")
    ids = [r.id for r in load_reports([tmp_path]).reports]
    assert len(set(ids)) == 2


def _deep_folder(root, depth):
    """``depth`` nested folders, made with a loop (pathlib's mkdir(parents=True) recurses)."""
    import os

    path = str(root)
    for _ in range(depth):
        path = os.path.join(path, "d")
        os.mkdir(path)
    return path


def _remove_deep(root):
    """Remove a tree of any depth deepest first: pytest's own clean-up (shutil.rmtree) recurses
    and would fail on it in a later session."""
    import os

    pending = [str(root)]
    while pending:
        path = pending[-1]
        entries = list(os.scandir(path))
        folders = [e.path for e in entries if e.is_dir(follow_symlinks=False)]
        if folders:
            pending.extend(folders)
            continue
        for entry in entries:
            os.unlink(entry.path)
        os.rmdir(path)
        pending.pop()


def test_special_files_are_named_and_skipped_without_reading_them(tmp_path, write_report):
    import os

    write_report("good.txt", "Fighting near Aleppo.")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "folder.txt").mkdir()
    result = load_reports([tmp_path])  # would raise MemoryError (zero) or hang (fifo) if they were read
    assert [r.id for r in result.reports] == ["good"]
    messages = {p.path.rsplit("/", 1)[-1]: p.message for p in result.problems}
    assert "regular file" in messages["zero.txt"] and "device" in messages["zero.txt"]
    assert "FIFO" in messages["fifo.txt"]
    assert all(p.skipped for p in result.problems)
    assert "folder.txt" not in messages  # a real folder, walked like any other


def test_a_single_special_file_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    [problem] = load_reports([tmp_path / "zero.txt"]).problems
    assert problem.path == str(tmp_path / "zero.txt") and "regular file" in problem.message


def test_deep_folders_and_symlink_loops_are_walked_without_recursion():
    import os
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="geo-deep-"))
    try:
        deep = _deep_folder(root, 1000)  # Path.rglob raised RecursionError here
        with open(os.path.join(deep, "r.txt"), "w", encoding="utf-8") as handle:
            handle.write("Fighting near Homs.")
        (root / "loop").mkdir()
        (root / "loop" / "up").symlink_to(root)  # a loop: must not be followed
        (root / "loop" / "b.txt").write_text("Fighting near Hama.")
        (root / "a.txt").write_text("Fighting near Idlib.")
        result = load_reports([root])
        assert result.problems == []
        assert [r.id for r in result.reports] == ["a", "r", "b"]  # sorted by path, as before
    finally:
        _remove_deep(root)
    assert not root.exists()


def test_pasted_text_that_is_not_a_string_is_a_report_error():
    import pytest

    from geo.errors import ReportError
    from geo.io.reports import MAX_PASTE_BYTES, report_from_text

    assert MAX_PASTE_BYTES == 1_000_000
    for value in (None, 42, b"bytes"):
        with pytest.raises(ReportError, match="expected report text as a string"):
            report_from_text(value, report_id="pasted")


def test_listing_a_folder_gives_only_regular_report_files_and_loading_names_the_rest(tmp_path):
    from geo.io.reports import iter_report_paths

    (tmp_path / "a.txt").write_text("Fighting near Aleppo.")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    assert [p.name for p in iter_report_paths([tmp_path])] == ["a.txt"]  # each can be stat()ed
    result = load_reports([tmp_path])
    assert [r.id for r in result.reports] == ["a"]
    assert sorted(p.path.rsplit("/", 1)[-1] for p in result.problems) == ["broken.txt", "zero.txt"]


def test_a_nul_past_the_first_bytes_becomes_a_replacement_character_with_a_warning():
    # No store or page takes a NUL: the report is read, every other character at its offset.
    raw = ("Shelling hit Homs on Monday. " * 200 + "\x00 Shelling hit Hama.").encode()
    report, problems = parse_report(raw, name="late-nul.txt")
    assert "\x00" not in report.text and report.text.index("\ufffd") == raw.index(b"\x00")
    assert [p.skipped for p in problems] == [False] and "NUL" in problems[0].message
