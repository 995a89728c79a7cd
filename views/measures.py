"""Network measures: the standard views analysts expect, each with its definition."""

import streamlit as st

from mapping.analysis.influence import InfluenceOptions
from ui.components import names_for
from ui.help import formulas_expander
from ui.measures import grid_section, stand_in_section, structure_sections
from ui.state import active_as_of, active_map

st.title("Network measures")
st.markdown(
    "The standard views of a stakeholder network: a **power-interest grid**, the network in figures, "
    "each actor's **centrality**, **Burt's** brokerage measures and **Gould-Fernandez** roles, and "
    "**who could stand in** for an actor. Computed on the ties that carry influence, as of the sidebar's date."
)
formulas_expander()

smap = active_map()
options = InfluenceOptions(as_of=active_as_of())
names = names_for(smap)

grid_section(smap, options, names)
stand_in_section(smap, options, names)
structure_sections(smap, options, names)
