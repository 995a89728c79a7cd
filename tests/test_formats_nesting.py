"""GEXF and GraphML as other tools really write them: nesting, time, dynamic values, parts left out, FtM's GEXF."""

from __future__ import annotations

import pytest

from mapping.formats import import_file
from mapping.load import LoadResult
from mapping.read import InputFile

# Every node and edge gets a kind from a declared default, so that these files load on their own.
GEXF_KINDS = """<attributes class="node"><attribute id="k" title="kind" type="string"><default>other</default>
</attribute></attributes>
<attributes class="edge"><attribute id="r" title="kind" type="string"><default>linked</default>
</attribute></attributes>"""
GRAPHML_KINDS = """<key id="k" for="node" attr.name="kind" attr.type="string"><default>other</default></key>
<key id="r" for="edge" attr.name="kind" attr.type="string"><default>linked</default></key>"""


def gexf(body: str, graph: str = 'mode="static" defaultedgetype="directed"') -> InputFile:
    text = f'<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph {graph}>{GEXF_KINDS}{body}</graph></gexf>'
    return InputFile("test.gexf", text.encode())


def graphml(body: str) -> InputFile:
    text = (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">'
        f"{GRAPHML_KINDS}{body}</graphml>"
    )
    return InputFile("test.graphml", text.encode())


def loaded(file: InputFile) -> LoadResult:
    result = import_file(file)
    assert result.map is not None, result.errors
    return result


def dropped(result: LoadResult) -> list[str]:
    return [i.message for i in result.warnings if i.code == "dropped-content"]


# --- nesting is "part of" --------------------------------------------------------------------

# The GEXF specification's hierarchy example: nodes inside a node's <nodes>, edges inside its <edges>.
GEXF_HIERARCHY = """<nodes>
  <node id="a" label="Alliance"><nodes>
    <node id="b" label="Secretariat"><nodes><node id="c" label="Clerk"/><node id="d" label="Officer"/></nodes>
      <edges><edge id="0" source="c" target="d"/></edges></node>
    <node id="e" label="Board"/>
  </nodes><edges><edge id="1" source="b" target="e"/></edges></node>
  <node id="z" label="Outsider"/>
</nodes>
<edges><edge id="2" source="z" target="a"/></edges>"""


def test_gexf_nested_nodes_are_part_of_the_node_they_are_in() -> None:
    result = loaded(gexf(GEXF_HIERARCHY))
    parents = {a.id: a.parent for a in result.map.actors}
    assert parents == {"a": None, "b": "a", "c": "b", "d": "b", "e": "a", "z": None}
    ties = {(r.source, r.target) for r in result.map.explicit_relationships}
    assert ties == {("c", "d"), ("b", "e"), ("z", "a")}  # edges nested in nodes are ties too
    assert not dropped(result)


def test_gexf_pid_wins_over_nesting() -> None:
    body = '<nodes><node id="a" label="A"><nodes><node id="b" label="B" pid="c"/></nodes></node><node id="c"/></nodes>'
    assert loaded(gexf(body)).map.actor("b").parent == "c"


# The GraphML primer's nested graphs: node n2 holds a graph whose node n2::n1 holds another.
GRAPHML_NESTED = """<graph id="G" edgedefault="directed">
  <node id="n0"/><node id="n1"/>
  <node id="n2"><graph id="n2:" edgedefault="directed">
    <node id="n2::n0"/>
    <node id="n2::n1"><graph id="n2::n1:" edgedefault="directed">
      <node id="n2::n1::n0"/><node id="n2::n1::n1"/>
      <edge source="n2::n1::n1" target="n2::n1::n0"/>
    </graph></node>
    <edge source="n2::n1" target="n2::n0"/>
  </graph></node>
  <edge source="n1" target="n0"/><edge source="n1" target="n2::n1"/>
</graph>"""


def test_graphml_nested_graphs_are_part_of_the_node_that_holds_them() -> None:
    result = loaded(graphml(GRAPHML_NESTED))
    parents = {a.id: a.parent for a in result.map.actors}
    assert parents == {
        "n0": None,
        "n1": None,
        "n2": None,
        "n2::n0": "n2",
        "n2::n1": "n2",
        "n2::n1::n0": "n2::n1",
        "n2::n1::n1": "n2::n1",
    }
    assert len(result.map.explicit_relationships) == 4  # edges inside nested graphs and across levels


YED_GROUP = """<key for="node" id="d6" yfiles.type="nodegraphics"/>
<graph id="G" edgedefault="directed">
  <node id="n0" yfiles.foldertype="group">
    <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="0">
      <y:GroupNode><y:NodeLabel>Ministry of Interior</y:NodeLabel><y:State closed="false"/></y:GroupNode>
      <y:GroupNode><y:NodeLabel>Ministry of Interior</y:NodeLabel><y:State closed="true"/></y:GroupNode>
    </y:Realizers></y:ProxyAutoBoundsNode></data>
    <graph id="n0:" edgedefault="directed">
      <node id="n0::n0"><data key="d6"><y:ShapeNode><y:NodeLabel>Police</y:NodeLabel></y:ShapeNode></data></node>
    </graph>
  </node>
  <node id="n1"><data key="d6"><y:ShapeNode><y:NodeLabel>Peace NGO</y:NodeLabel></y:ShapeNode></data></node>
  <edge source="n1" target="n0::n0"/>
</graph>"""


def test_yed_groups_are_actors_and_their_members_part_of_them() -> None:
    result = loaded(graphml(YED_GROUP))
    actors = {a.id: (a.name, a.parent) for a in result.map.actors}
    assert actors == {
        "n0": ("Ministry of Interior", None),
        "n0::n0": ("Police", "n0"),
        "n1": ("Peace NGO", None),
    }


# --- time ---------------------------------------------------------------------------------------

GEXF_TIMES = """<nodes>
  <node id="a" label="Alliance" start="2003" end="2019-06-30"/>
  <node id="b" label="Bank" startopen="2010-01-01T09:30:00"/>
  <node id="c" label="Council"><spells><spell end="2001"/><spell start="2005-03" end="2009"/></spells></node>
</nodes>
<edges>
  <edge source="a" target="b" start="2012-01-01" end="2014-12-31"/>
  <edge source="b" target="c"><spells><spell start="2011" end="2012"/><spell start="2015" end="2016"/></spells></edge>
  <edge source="c" target="a" end="Infinity" start="2008"/>
</edges>"""


@pytest.fixture(scope="module")
def timed() -> LoadResult:
    return loaded(gexf(GEXF_TIMES, 'mode="dynamic" defaultedgetype="directed" timeformat="date"'))


def test_gexf_node_times_are_when_the_actor_was_active(timed: LoadResult) -> None:
    periods = {a.id: (str(a.active_from or ""), str(a.active_until or "")) for a in timed.map.actors}
    # A time of day is dropped; several spells become the earliest start to the latest end.
    assert periods == {"a": ("2003", "2019-06-30"), "b": ("2010-01-01", ""), "c": ("", "2009")}


def test_gexf_edge_times_are_when_the_tie_held(timed: LoadResult) -> None:
    periods = {(r.source, r.target): (str(r.since or ""), str(r.until or "")) for r in timed.map.relationships}
    assert periods == {("a", "b"): ("2012-01-01", "2014-12-31"), ("b", "c"): ("2011", "2016"), ("c", "a"): ("2008", "")}


def test_merged_spells_are_one_warning_naming_how_many(timed: LoadResult) -> None:
    [message] = dropped(timed)
    assert "gaps between the spells" in message and "1 node and 1 edge" in message


@pytest.mark.parametrize("timeformat", ["double", "integer"])
def test_times_that_are_numbers_are_left_out_with_one_warning(timeformat: str) -> None:
    body = """<nodes><node id="a" start="1.5"/><node id="b" start="2" end="4"/></nodes>
    <edges><edge source="a" target="b" start="3"/></edges>"""
    result = loaded(gexf(body, f'mode="dynamic" defaultedgetype="directed" timeformat="{timeformat}"'))
    assert all(a.active_from is None and a.active_until is None for a in result.map.actors)
    assert result.map.relationships[0].since is None
    [message] = dropped(result)
    assert "2 nodes and 1 edge" in message and "numbers" in message


def test_a_dynamic_graph_without_times_loads_without_warnings() -> None:
    body = '<nodes><node id="a"/><node id="b"/></nodes><edges><edge source="a" target="b"/></edges>'
    result = loaded(gexf(body, 'mode="dynamic" defaultedgetype="directed"'))
    assert not dropped(result)


# --- values that change over time ----------------------------------------------------------------

GEXF_DYNAMIC_VALUES = """<attributes class="node" mode="dynamic"><attribute id="0" title="indegree" type="float"/>
<attribute id="1" title="stage" type="string"/></attributes>
<nodes>
  <node id="a"><attvalues>
    <attvalue for="0" value="1" end="2009-03-01"/>
    <attvalue for="0" value="3" start="2009-03-10"/>
    <attvalue for="0" value="2" start="2009-03-01" end="2009-03-10"/>
    <attvalue for="1" value="draft"/><attvalue for="1" value="final"/>
  </attvalues></node>
  <node id="b"><attvalues><attvalue for="0" value="7"/></attvalues></node>
</nodes>"""


def test_dynamic_values_keep_the_one_in_force_latest() -> None:
    result = loaded(gexf(GEXF_DYNAMIC_VALUES, 'mode="dynamic" defaultedgetype="directed" timeformat="date"'))
    a, b = result.map.actor("a"), result.map.actor("b")
    # The open-ended value, though written before another; with no times, the last written.
    assert (a.attribute("indegree"), a.attribute("stage"), b.attribute("indegree")) == ("3", "final", "7")
    [message] = dropped(result)
    assert "3 earlier values of indegree, stage" in message


# --- parts of GraphML the map cannot hold ---------------------------------------------------------

GRAPHML_HYPER = """<graph id="G" edgedefault="directed">
  <node id="a"><port name="North"/><port name="South"/></node><node id="b"/><node id="c"/>
  <edge source="a" sourceport="South" target="b"/>
  <hyperedge><endpoint node="a"/><endpoint node="b"/><endpoint node="c"/></hyperedge>
  <hyperedge><endpoint node="b"/><endpoint node="c"/></hyperedge>
</graph>"""


def test_hyperedges_and_ports_are_left_out_with_one_warning_each() -> None:
    result = loaded(graphml(GRAPHML_HYPER))
    assert [(r.source, r.target) for r in result.map.relationships] == [("a", "b")]
    messages = dropped(result)
    assert len(messages) == 2
    assert "2 hyperedges (GraphML <hyperedge>) were left out" in messages[0]
    assert "2 ports (GraphML <port>) were left out" in messages[1]


# --- FollowTheMoney's GEXF ------------------------------------------------------------------------

# As `ftm export-gexf` writes it: followthemoney's NXGraphExporter puts entities in a networkx
# MultiDiGraph (node ids "entity:<id>", every exportable property "; "-joined, `schema`, the caption as
# `label`; edges keyed "<source><<entity>><target>" with `schema` and weight "1.0") and writes it with
# networkx's generate_gexf(prettyprint=True). An entity referenced but not exported is a stub node:
# its label is its id, its schema the referring property's range.
FTM_GEXF = b"""<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">
  <meta lastmodifieddate="2024-05-01">
    <creator>NetworkX 3.3</creator>
  </meta>
  <graph defaultedgetype="directed" mode="static" name="">
    <attributes mode="static" class="edge">
      <attribute id="8" title="endDate" type="string" />
      <attribute id="9" title="percentage" type="string" />
      <attribute id="10" title="startDate" type="string" />
      <attribute id="11" title="schema" type="string" />
      <attribute id="12" title="networkx_key" type="string" />
      <attribute id="13" title="role" type="string" />
      <attribute id="14" title="summary" type="string" />
    </attributes>
    <attributes mode="static" class="node">
      <attribute id="0" title="address" type="string" />
      <attribute id="1" title="country" type="string" />
      <attribute id="2" title="incorporationDate" type="string" />
      <attribute id="3" title="name" type="string" />
      <attribute id="4" title="notes" type="string" />
      <attribute id="5" title="schema" type="string" />
      <attribute id="6" title="birthDate" type="string" />
      <attribute id="7" title="nationality" type="string" />
    </attributes>
    <nodes>
      <node id="entity:co-acme" label="Acme Holdings Ltd">
        <attvalues>
          <attvalue for="0" value="" />
          <attvalue for="1" value="ke" />
          <attvalue for="2" value="2003-05-01" />
          <attvalue for="3" value="Acme Holdings Ltd" />
          <attvalue for="4" value="" />
          <attvalue for="5" value="Company" />
        </attvalues>
      </node>
      <node id="entity:pe-wanjiru" label="Jane Wanjiru">
        <attvalues>
          <attvalue for="6" value="1961" />
          <attvalue for="1" value="ke" />
          <attvalue for="3" value="Jane Wanjiru" />
          <attvalue for="7" value="ke" />
          <attvalue for="5" value="Person" />
        </attvalues>
      </node>
      <node id="entity:org-unseen" label="org-unseen">
        <attvalues>
          <attvalue for="5" value="Company" />
        </attvalues>
      </node>
    </nodes>
    <edges>
      <edge source="entity:co-acme" target="entity:org-unseen" id="0" weight="1.0">
        <attvalues>
          <attvalue for="8" value="2019" />
          <attvalue for="9" value="51" />
          <attvalue for="10" value="2012" />
          <attvalue for="11" value="Ownership" />
          <attvalue for="12" value="entity:co-acme&lt;own-1&gt;entity:org-unseen" />
        </attvalues>
      </edge>
      <edge source="entity:pe-wanjiru" target="entity:co-acme" id="1" weight="1.0">
        <attvalues>
          <attvalue for="8" value="" />
          <attvalue for="13" value="Director" />
          <attvalue for="10" value="2010-02" />
          <attvalue for="14" value="" />
          <attvalue for="11" value="Directorship" />
          <attvalue for="12" value="entity:pe-wanjiru&lt;dir-1&gt;entity:co-acme" />
        </attvalues>
      </edge>
    </edges>
  </graph>
</gexf>
"""


def test_followthemoney_gexf_export_imports() -> None:
    result = loaded(InputFile("ftm.gexf", FTM_GEXF))
    actors = {a.id: (a.name, a.kind, a.country) for a in result.map.actors}
    assert actors["entity:co-acme"] == ("Acme Holdings Ltd", "business", "ke")
    assert actors["entity:pe-wanjiru"][1] == "person"
    ties = {(r.source, r.target): r for r in result.map.relationships}
    assert set(ties) == {("entity:co-acme", "entity:org-unseen"), ("entity:pe-wanjiru", "entity:co-acme")}
    ownership, directorship = (
        ties[("entity:co-acme", "entity:org-unseen")],
        ties[("entity:pe-wanjiru", "entity:co-acme")],
    )
    assert (ownership.kind, str(ownership.since), str(ownership.until)) == ("owns", "2012", "2019")
    assert (directorship.kind, str(directorship.since), directorship.until) == ("leads", "2010-02", None)
    fields = dict(ownership.attributes)
    assert fields == {"percentage": "51"}  # "Ownership" is a name of our `owns`: nothing to keep beside it
    assert "networkx_key" not in fields  # networkx's bookkeeping, not data
    assert not dropped(result)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_nesting_deeper_than_recursion_allows_is_read(fmt: str) -> None:
    depth = 1200  # beyond Python's recursion limit; validation of parents grows with the square of the depth
    if fmt == "gexf":
        body = "<nodes>" + "".join(f'<node id="n{i}"><nodes>' for i in range(depth)) + "</nodes></node>" * depth
        file = gexf(body + "</nodes>")
    else:
        body = '<graph id="G">' + "".join(f'<node id="n{i}"><graph id="g{i}">' for i in range(depth))
        file = graphml(body + "</graph></node>" * depth + "</graph>")
    smap = loaded(file).map
    assert len(smap.actors) == depth and smap.actor(f"n{depth - 1}").parent == f"n{depth - 2}"
