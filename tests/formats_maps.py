"""Files and maps for the formats tests: a Kumu workbook, FollowTheMoney entities, a rich and a hostile map."""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

from mapping.load import load_files
from mapping.model import StakeholderMap
from mapping.read import InputFile

# Custom fields on both tables, lists, dates, a parent (so an implied tie), negative ties,
# risk-factor tags, accents, quotes, commas, pipes and a line break in notes; short names (an
# organisation's, a person's); interest ratings, actor dates and each way a back strength can be
# written (a number, zero on a two-way kind, a directed row).
RICH_ACTORS = """id,name,short_name,kind,subtype,sector,country,parent,role,seniority,influence,interest,stance,integrity,neutrality,phases,capabilities,engagement_status,active_from,active_until,notes,source,last_verified,risk_factors,Website,Registry
umbrella,"Umbrella Alliance, Ltd","UA & Co",association,umbrella body,cross-sector,Kenya,,,,5,5,champion,5,4.5,upstream;acute;recovery,convening;private_diplomacy,partner,2003,,"Says ""never again""; a | b
second line",Annual report 2008,2024-05-01,8.7:mitigator,https://umbrella.example,C-2003
telco,Télécom Kenya,,business,multinational,telecoms,Kenya,,,,4,2,supportive,3,3,acute,content_moderation;bulk_sms,engaged,2000-06,,,,2023,,https://telco.example,
ministry,Ministry of Interior,MoI,government,ministry,,Kenya,,,,5,,sceptical,2,2,acute,,not_contacted,,2013-04-09,,,,7.6:enabler,,
party_a,Party A,,political,,,,,,,4,1,opposed,,,,,,2007-09-16,,,,,,,
chair,"Chair, Umbrella Alliance",UA chair,person,,,,umbrella,Chair,top,4,,champion,,,,,,,,Named by role only.,,,,,
staff,Programme officer,,person,,,,telco,Officer,mid,1,3.5,unknown,,,,,,2010,2012-06,,,,,,
"""
RICH_RELATIONSHIPS = """source,target,kind,strength,strength_back,direction,sign,confidence,since,until,notes,source_ref,risk_factors,Evidence grade
telco,umbrella,member_of,0.6,0.35,,,high,2003,,,Membership list,,A
umbrella,ministry,dialogue,0.45,0,,,medium,2008-01,2008-02-28,Roundtable,,,B
umbrella,party_a,mediates,0.7,,directed,,low,2008-01-18,,,,8.7:mitigator,
party_a,ministry,opposes,0.9,,,-,high,,,,,,
ministry,telco,regulates,,0.25,,,,,,,,,C
telco,party_a,supplies,0.2,,,,,,,,,,
"""

HOSTILE_NAMES = (
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2)",
    "@cmd|' /C calc'!A0",
    "-2+3",
    "\t=tab first",
)
HOSTILE_ACTORS = "id,name,kind,influence,notes,=evil header\n" + "".join(
    f'h{i},"{name.replace(chr(34), chr(34) * 2)}",business,3,"=1+{i}","=cmd{i}"\n'
    for i, name in enumerate(HOSTILE_NAMES)
)
HOSTILE_RELATIONSHIPS = "source,target,kind,strength,notes\n" + "".join(
    f'h{i},h{i + 1},influences,0.5,"@SUM({i})"\n' for i in range(len(HOSTILE_NAMES) - 1)
)


def map_from_csv(actors: str, relationships: str, title: str = "test map") -> StakeholderMap:
    """A map loaded from CSV texts, failing the test with the issues if it does not load."""
    files = [InputFile("actors.csv", actors.encode()), InputFile("relationships.csv", relationships.encode())]
    result = load_files(files, title)
    assert result.map is not None, result.errors
    return result.map


# --- a Kumu workbook ---------------------------------------------------------------------

ELEMENTS = [
    ["Label", "Type", "Description", "Tags", "Country", "Influence", "Website"],
    [
        "Kenya Private Sector Alliance",
        "Business Association",
        "Apex body",
        "apex|convener",
        "Kenya",
        5,
        "kepsa.example",
    ],
    ["Safaricom", "Multinational", "", "telecoms", "Kenya", 4, ""],
    ["Equity Bank", "Company", "", "", "Kenya", 3, "equity.example"],
    ["Ministry of Interior", "Ministry", "", "", "Kenya", 5, ""],
    ["Concerned Citizens for Peace", "NGO", "Convened by eminent Kenyans", "", "Kenya", 3, ""],
]
CONNECTIONS = [
    ["From", "To", "Type", "direction", "Strength", "Tags", "Label"],
    [
        "Safaricom",
        "Kenya Private Sector Alliance|Concerned Citizens for Peace",
        "Partnership",
        "undirected",
        4,
        "2008",
        "peace SMS",
    ],
    ["Equity Bank", "Kenya Private Sector Alliance", "Member", "", 3, "", ""],
    ["Kenya Private Sector Alliance", "Ministry of Interior", "Dialogue", "mutual", 5, "", "roundtable"],
    ["Ministry of Interior", "Safaricom", "Regulation", "directed", "", "", ""],
]


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kumu_file(elements: list[list[object]] = ELEMENTS, connections: list[list[object]] = CONNECTIONS) -> InputFile:
    junk = [["anything"], ["=1+1"]]
    return InputFile("kumu.xlsx", workbook({"Elements": elements, "Connections": connections, "Notes (ignore)": junk}))


# --- FollowTheMoney entities -------------------------------------------------------------


def entity(entity_id: str, schema: str, **properties: list[str]) -> dict:
    return {"id": entity_id, "schema": schema, "properties": properties}


# Shaped like an OpenSanctions / Aleph export: one entity per line, every property a list.
ENTITIES = [
    {
        **entity(
            "co-telco",
            "Company",
            name=["Telco Kenya PLC"],
            jurisdiction=["ke"],
            registrationNumber=["C.12345"],
            sector=["Telecommunications"],
            sourceUrl=["https://registry.example/telco"],
        ),
        "datasets": ["ke_registry"],
        "last_seen": "2024-05-01T10:00:00",
    },
    entity(
        "org-kam",
        "Organization",
        name=["Kenya Association of Manufacturers", "KAM"],
        classification=["Trade association"],
    ),
    entity("org-watch", "Organization", name=["Peace Watch"]),
    entity("pb-cck", "PublicBody", name=["Communications Commission of Kenya"]),
    entity("p-chair", "Person", name=["Chair of the board, Telco"], position=["Chair"]),
    entity("p-ceo", "Person", firstName=["Jane"], lastName=["Doe"]),
    entity(
        "dir-1",
        "Directorship",
        director=["p-chair"],
        organization=["co-telco"],
        role=["Chairman"],
        startDate=["2008-01-01"],
    ),
    entity("emp-1", "Employment", employee=["p-ceo"], employer=["co-telco"], role=["Chief executive"]),
    entity("mem-1", "Membership", member=["co-telco"], organization=["org-kam"], startDate=["2003"]),
    entity("own-1", "Ownership", owner=["org-kam"], asset=["co-telco"], percentage=["51"]),
    entity("own-2", "Ownership", owner=["p-ceo"], asset=["co-telco"], percentage=["2"]),
    entity("fam-1", "Family", person=["p-chair"], relative=["p-ceo"], relationship=["cousin"]),
    entity("unk-1", "UnknownLink", subject=["org-watch"], object=["pb-cck"]),
    entity("san-1", "Sanction", entity=["p-ceo"], program=["none"]),
    entity("ves-1", "Vessel", name=["MV Example"]),
    entity("own-3", "Ownership", owner=["co-telco"], asset=["ves-1"], percentage=["100"]),
]


def jsonl(entities: list[dict], extra_lines: tuple[str, ...] = ()) -> InputFile:
    lines = [json.dumps(e) for e in entities] + list(extra_lines)
    return InputFile("telco.ftm.json", ("\n".join(lines) + "\n").encode())
