"""The panels that check the records: distance claims measured again, and agreement with imported datasets."""

from __future__ import annotations

import streamlit as st

from geo.analysis import distance_check
from geo.pipeline import recheck_claims
from geo.render.tables import claims_table, distance_table
from geo.store.agreement import agreement

__all__ = ["claims_panel", "agreement_panel"]


def claims_panel(extracted: list, frame, view, position_actors: list[str]) -> None:
    claims = view[view["kind"] == "claim"]
    if extracted and position_actors:
        default = "as the report says"
        actor = st.selectbox("Measure each claim to the positions of", [default, *position_actors], key="claim_actor")
        if actor != default:
            claims = recheck_claims(extracted, frame, actor=actor)
    if claims.empty:
        st.caption("No distance claims in this view.")
    else:
        st.dataframe(claims_table(claims), hide_index=True, width="stretch")
    if position_actors:
        actor = st.selectbox("Distance from every event to the nearest position of", position_actors,
                             key="distance_actor")
        check = distance_check(view, actor=actor)
        if not check.empty:
            st.dataframe(distance_table(check), hide_index=True, width="stretch")



def agreement_panel(view) -> None:
    table = agreement(view) if "dataset" in view else None
    if table is None or table.empty:
        st.caption("No imported dataset in this view (python -m geo import acled|gdelt FILE adds one).")
        return
    st.dataframe(table.rename(columns={"ours_only": "ours only", "theirs_only": "theirs only"}), hide_index=True)
