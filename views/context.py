"""Country context: the map's country risk, R2P Monitor status, and the UN risk factors business can move."""

import streamlit as st

from mapping.lens.country_risk import R2P_STATUSES, read_ewp
from mapping.lens.factors import factor_rows, main_country, tagged_by_factor
from mapping.read import InputFile
from mapping.samples import SAMPLE_DATA_DIR
from ui.components import names_for
from ui.state import R2P_STATUS, active_map
from ui.workspace_choices import keep_r2p_button

BUNDLED_EWP = SAMPLE_DATA_DIR / "reference" / "ewp_2025_final_forecasts.csv"

st.title("Country context and risk factors")
st.markdown(
    "**How at risk is this country, and which risk factors can the actors on the map move?** "
    "The Early Warning Project's statistical risk assessment, the R2P Monitor's status, and the UN Framework "
    "of Analysis for Atrocity Crimes."
)

smap = active_map()
country = main_country(smap)
upload = st.file_uploader("Early Warning Project forecast CSV (default: the 2025 file, as published)", type=["csv"])
source = InputFile(upload.name, upload.getvalue()) if upload else InputFile(BUNDLED_EWP.name, BUNDLED_EWP.read_bytes())
table, issues = read_ewp(source)
if table is None:
    st.error(" ".join(issue.message for issue in issues))
    st.stop()
if issues:
    with st.expander(f"{len(issues)} row(s) of {source.name} could not be matched to a country"):
        st.dataframe([{"row": i.row_text, "problem": i.message} for i in issues], hide_index=True)

risk = table.for_country(country) if country else None
col_country, col_risk, col_rank = st.columns(3)
col_country.metric("Country of the map", country or "not given")
if risk:
    col_risk.metric(f"Risk of a new mass killing, {risk.period}", f"{risk.risk:.1%}")
    col_rank.metric("Rank", f"{risk.rank} of {len(table.rows)}")
    st.caption(f"Early Warning Project, {source.name}: column {table.risk_column}; data year {risk.year}.")
else:
    st.info("The map's actors name no country found in the risk file. Fill the `country` column of the actors.")

statuses = st.session_state.setdefault(R2P_STATUS, {})
current = statuses.get(country or "", ("not listed", ""))
col_status, col_issue = st.columns(2)
status = col_status.selectbox(
    "R2P Monitor status (Global Centre for R2P)", R2P_STATUSES, index=R2P_STATUSES.index(current[0])
)
issue = col_issue.text_input("Which R2P Monitor issue (e.g. 'Issue 73, 1 March 2025')", current[1])
statuses[country or ""] = (status, issue)
keep_r2p_button(country or "", status, issue)

st.header("UN Framework of Analysis for Atrocity Crimes")
st.caption("Tag actors and ties in the `risk_factors` column (e.g. 8.7:mitigator) to see them here and filter the map.")
scrub = names_for(smap).scrub
rows = [{column: scrub(value) for column, value in row.items()} for row in factor_rows(tagged_by_factor(smap))]
st.dataframe(rows, hide_index=True, width="stretch")
