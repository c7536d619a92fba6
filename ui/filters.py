"""The sidebar's filters, kept in the URL: it holds only what the user chose, so a shared link opens
the same view. Each filter starts empty, meaning every record."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from geo.analysis.filters import clamped_date, kept_choice, kept_dates, listed, narrowed

__all__ = ["sidebar_filters"]


def _in_url(name: str, value: str | None, default: str | None = None) -> None:
    """``name=value`` in the URL; none when the value is None or the default."""
    if value is None or value == default:
        st.query_params.pop(name, None)
    else:
        st.query_params[name] = value


def _multiselect(label: str, name: str, options: list[str], *, counts: dict[str, int] | None = None,
                 help: str | None = None, unnamed: str = "") -> list[str]:
    """A searchable choice that starts empty, meaning every record; ``counts`` (records per option)
    follow each option's name ("Russia (12)"), ``unnamed`` names the option ''. The URL keeps only
    what the user chose."""
    key, seen = f"filter_{name}", f"options_{name}"
    if key not in st.session_state:
        st.session_state[key] = listed(st.query_params.get(name), options)
    elif st.session_state.get(seen) != options:  # new reports brought new actors, types ...
        st.session_state[key] = kept_choice(st.session_state[key], options)
    st.session_state[seen] = options

    def shown(option: str) -> str:
        said = option or unnamed or "(none)"
        return f"{said} ({counts.get(option, 0):,})" if counts is not None else said

    chosen = st.sidebar.multiselect(label, options, key=key, format_func=shown, help=help,
                                    placeholder=f"All {len(options):,} (type to search)")
    _in_url(name, ",".join(chosen) if chosen else None)
    return chosen


def _date_range(bounds: tuple[dt.date, dt.date] | None) -> tuple[dt.date | None, dt.date | None]:
    if bounds is None:
        return None, None
    if "filter_dates" not in st.session_state:
        start = clamped_date(st.query_params.get("start"), bounds) or bounds[0]
        end = clamped_date(st.query_params.get("end"), bounds) or bounds[1]
        st.session_state["filter_dates"] = (start, max(start, end))
    elif st.session_state.get("date_bounds") != bounds:  # new reports widened the dates
        st.session_state["filter_dates"] = kept_dates(tuple(st.session_state["filter_dates"] or ()),
                                                      st.session_state.get("date_bounds") or bounds, bounds)
    st.session_state["date_bounds"] = bounds
    picked = st.sidebar.date_input("Event dates", min_value=bounds[0], max_value=bounds[1], key="filter_dates",
                                   help="Pick the first and the last day, or brush a range on the timeline under "
                                        "the map. Records dated to a week or a month count by its first day.")
    picked = picked if isinstance(picked, (tuple, list)) else (picked,)
    start = picked[0] if len(picked) > 0 else None
    end = picked[1] if len(picked) > 1 else None  # a half-picked range: open at the end
    for name, value, default in (("start", start, bounds[0]), ("end", end, bounds[1])):
        _in_url(name, value and value.isoformat(), default.isoformat())
    return start, end


def _toggle(label: str, name: str, default: bool, help: str | None = None) -> bool:
    """A checkbox kept in the URL (``name=1`` or ``0``) when it differs from ``default``."""
    key = f"filter_{name}"
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(name, "1" if default else "0") != "0"
    value = st.sidebar.checkbox(label, key=key, help=help)
    _in_url(name, "1" if value else "0", "1" if default else "0")
    return value


def sidebar_filters(facets: dict) -> dict:
    st.sidebar.header("Filters")
    counts = facets["counts"]
    start, end = _date_range(facets["dates"])
    undated = _toggle("Include undated records", "undated", True,
                      help="Records whose report gives no date for them: kept unless unticked.")
    actors = _multiselect("Actors (actor or second actor)", "actors", facets["actors"], counts=counts["actors"],
                          help="A record is kept when its actor or its second actor is one chosen.")
    types = _multiselect("Event types", "types", facets["types"], counts=counts["types"],
                         help="ACLED's event types, and ours for assets and positions (deployment, position ...).")
    sub_types = _multiselect("Sub-event types", "sub_types", facets["sub_types"], counts=counts["sub_types"],
                             help="ACLED's sub-event types; records without one (assets, positions) always pass.")
    kinds = _multiselect("Kinds", "kinds", facets["kinds"], counts=counts["kinds"],
                         help="Events happened; assets are forces or equipment sent; positions say who holds "
                              "a place; claims are distances a report states, checked against the data.")
    chosen_outlets = _multiselect("Outlets", "outlets", facets["outlets"], counts=counts["outlets"],
                                  unnamed="(not stated)", help="A record is kept when any of its sources is "
                                                               "from an outlet chosen.")
    statuses = _multiselect("Review status", "status", facets["statuses"], counts=counts["statuses"],
                            help="Unreviewed: nobody has checked the record yet; confirmed or edited by a reviewer.")
    rejected = _toggle("Show rejected records", "rejected", False,
                       help="Records a reviewer rejected are hidden unless this is ticked.")
    chosen_datasets = _multiselect("Datasets (ours: extracted)", "datasets", facets["datasets"],
                                   counts=counts["datasets"],
                                   help="'extracted' is what this tool read from the reports; others are "
                                        "imported ACLED or GDELT datasets.")
    if "filter_q" not in st.session_state:
        st.session_state["filter_q"] = st.query_params.get("q", "")
    text = st.sidebar.text_input("Search the quotes", key="filter_q", placeholder="e.g. civilian deaths",
                                 help="Every word must occur in a quote, the place or the actor (any case).")
    _in_url("q", text if text.strip() else None)
    return dict(start=start, end=end, include_undated=undated, actors=narrowed(actors, facets["actors"]),
                event_types=narrowed(types, facets["types"]), sub_event_types=narrowed(sub_types, facets["sub_types"]),
                kinds=narrowed(kinds, facets["kinds"]), outlets=narrowed(chosen_outlets, facets["outlets"]),
                text=text, review_statuses=narrowed(statuses, facets["statuses"]), include_rejected=rejected,
                datasets=narrowed(chosen_datasets, facets["datasets"]))
