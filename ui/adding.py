"""The sidebar's forms that add to the store: reports uploaded or pasted, and positions files (each
upload downloaded or removed again)."""

from __future__ import annotations

import streamlit as st

from geo.io.reports import MAX_PASTE_BYTES
from geo.render.forms import ANY_DATE
from geo.render.html import md_text
from geo.store.added import read_paste, read_uploads, save_upload_positions, store_added, upload_key
from geo.store.positions import positions_geojson, remove_positions
from geo.store.workspace import change_stamp

from .data import extractor, position_uploads

__all__ = ["add_reports", "positions_upload"]


def _store(engine, read: tuple[list, list[str]]) -> list[str]:
    """Reports added here, stored; the problems met reading and storing them."""
    reports, problems = read
    if reports:
        counts, failed = store_added(engine, reports, extractor())
        st.session_state["added_said"] = str(counts)
        problems += failed
    return problems


def _read_uploads(engine, files: list) -> list[str]:
    """Each uploaded file read from memory into a report and stored; the problems met."""
    with st.status(f"Reading {len(files)} file(s)…") as status:
        read = read_uploads([(upload.name, upload.getvalue()) for upload in files], reading=lambda name, number: (
            status.update(label=md_text(f"Reading {name} ({number} of {len(files)})…"))))
        status.update(label=f"Read {len(files)} file(s)", state="complete")
    return _store(engine, read)


def _panel(label: str, key: str):
    """A sidebar panel whose widgets are made only while it is open (a click reruns the page): the
    first screen loads none of their code (file uploads, forms, a date picker) before the map. None
    when closed."""
    panel = st.sidebar.expander(label, key=key, on_change="rerun")
    return panel if panel.open else None


def add_reports(engine) -> None:
    """Uploaded or pasted reports go to the store. The problems of the last batch are listed
    until the next one replaces them."""
    box = _panel("Add reports", "panel_reports")
    if box is None:
        return
    with box:
        with st.form("upload", clear_on_submit=True):
            files = st.file_uploader("Report files (UTF-8 text, optional front matter)", type=["txt", "md"],
                                     accept_multiple_files=True)
            if st.form_submit_button("Add files") and files:
                st.session_state["added_problems"] = _read_uploads(engine, files)
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Or paste a report", max_chars=MAX_PASTE_BYTES)
            meta = {name.lower(): st.text_input(name) for name in ("Title", "Outlet", "URL")}
            published = st.date_input("Published", **ANY_DATE)
            if st.form_submit_button("Add text"):
                st.session_state["added_problems"] = _store(engine, read_paste(text, **meta, published=published))
        if st.session_state.get("added_said"):
            st.caption(md_text(f"Stored: {st.session_state['added_said']}"))


def positions_upload(engine) -> None:
    """Positions stored for every session, read and stored again when the bytes or the actor typed
    change; a file that cannot be read stores nothing, removes nothing stored, and says why. Under it,
    every stored position as a GeoJSON download, and one upload taken out of the store."""
    box = _panel("Positions or control areas", "panel_positions")
    if box is None:  # its uploader is gone with it: the next opening starts empty
        st.session_state.pop("positions", None)
        return
    with box:
        # The uploader's key changes when an upload is removed: an empty uploader, not the same file again.
        upload = st.file_uploader("GeoJSON, GeoPackage or CSV with lat/lon", type=["geojson", "json", "gpkg", "csv"],
                                  key=f"positions_file_{st.session_state.get('positions_uploader', 0)}")
        actor = st.text_input("Actor of every feature (else the file's 'actor' column)", key="positions_actor")
        if upload is None:
            st.session_state.pop("positions", None)
        else:
            data = upload.getvalue()
            if getattr(st.session_state.get("positions"), "key", None) != upload_key(data, actor):
                st.session_state["positions"] = save_upload_positions(engine, data, upload.name, actor)
    _stored_uploads(engine, box)


def _file_of(dataset: str) -> str:
    return dataset.removeprefix("positions: ")


def _remove(engine, dataset: str) -> None:
    """The remove button's callback, run before the page is made: the upload leaves the store for every
    session, and this session's uploader is emptied (else its file would be stored again)."""
    removed = remove_positions(engine, dataset)
    st.session_state.pop("positions", None)
    st.session_state["positions_uploader"] = st.session_state.get("positions_uploader", 0) + 1
    st.session_state["positions_said"] = (f"Removed {removed} position{'' if removed == 1 else 's'} "
                                          f"of {_file_of(dataset)}.")


def _stored_uploads(engine, box) -> None:
    """In ``box``: every stored position as one GeoJSON download, each upload's name and size, and its removal."""
    uploads = position_uploads(engine, engine.url.render_as_string(hide_password=True), change_stamp(engine))
    said = st.session_state.pop("positions_said", None)
    if said:
        box.text(said)
    if not uploads:
        box.caption("No positions stored yet.")
        return
    box.download_button("Download the stored positions (GeoJSON)", data=lambda: positions_geojson(engine),
                        file_name="positions.geojson", mime="application/geo+json", key="download_positions",
                        on_click="ignore")
    dataset = box.selectbox("Uploaded positions", list(uploads), key="positions_dataset",
                            format_func=lambda name: f"{_file_of(name)} ({uploads[name]:,})",
                            help="Each file uploaded, as every session sees it, with its number of positions.")
    box.button("Remove this upload", on_click=_remove, args=(engine, dataset), key="positions_remove",
               help="Takes this file's positions out of the store, for every session; it may be uploaded again.")
