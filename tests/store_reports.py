"""Report texts of several conflicts for the workspace tests (written for them; not real reports)."""

from __future__ import annotations

from pathlib import Path

# One report a block: "== name | title | outlet | published", then its text.
_BLOCKS = """
== mali | Gunmen attack village in central Mali | Example Wire | 2023-03-14
Suspected JNIM militants killed nine villagers in an attack on Bandiagara on Monday, local officials said.
The army said it carried out air strikes near Mopti the following day.
== ukraine | Shelling hits Kharkiv | Example News | 2022-05-03
Russian forces shelled Kharkiv on Tuesday, killing two civilians, regional officials said.
Ukrainian troops recaptured the village of Ruska Lozova north of Kharkiv on Sunday.
== yemen | Houthis fire missiles at Marib | Gulf Desk | 2021-02-10
The Houthis fired ballistic missiles at Marib on Tuesday, the Yemeni government said.
Clashes between government forces and the Houthis continued near Sirwah on Wednesday.
== nigeria | Kidnapping in Zamfara | Lagos Daily | 2021-02-27
Gunmen abducted more than 300 schoolgirls from a school in Jangebe in Zamfara State on Friday, police said.
"""


def _reports() -> dict[str, tuple[str, str, str, str]]:
    found = {}
    for block in _BLOCKS.split("\n== ")[1:]:
        head, text = block.split("\n", 1)
        name, title, outlet, published = (part.strip() for part in head.split("|"))
        found[name] = (title, outlet, published, text)
    return found


REPORTS = _reports()  # name -> (title, outlet, published, text)
TOWNS = ("Aleppo", "Homs", "Kharkiv", "Mopti", "Marib", "Kidal", "Gao", "Mosul", "Kandahar", "Goma")


def report_file(folder: Path, name: str, title: str, outlet: str, published: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(f"---\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n{text}", encoding="utf-8")
    return path


def write_reports(folder: Path) -> Path:
    """The four reports above as files in ``folder`` (made if missing); the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, outlet, published, text) in REPORTS.items():
        report_file(folder, name, title, outlet, published, text)
    return folder


def write_synthetic(folder: Path, count: int, *, first: int = 0) -> Path:
    """``count`` short reports numbered from ``first``, each a shelling of a town on a day of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(first, first + count):
        town = TOWNS[number % len(TOWNS)]
        day = 1 + number % 28
        report_file(folder, f"synthetic_{number:04d}", f"Report {number}", "Synthetic", f"2024-03-{day:02d}",
                    f"Artillery shelled {town} on March {day}, killing {number % 9 + 1} people, officials said "
                    f"(report {number}).\n")
    return folder
