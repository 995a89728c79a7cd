"""What a hostile upload costs everyone else: other sessions' page time while it is checked.

    python bench/upload_budgets.py                 # all scenarios; bench/upload_budgets_results.json
    python bench/upload_budgets.py --scenario bomb --probes 20

Not part of the test run. It starts the app as a user does (`streamlit run app.py`
on a free local port, an empty data folder), and in a separate process a "bystander"
opens the Home page in Chromium again and again, timing each load from navigation
to the page's heading. Meanwhile this process uploads, on the Data page of its own
browser tabs:

- `none`: nothing (the bystander's baseline);
- `bomb`: a 20 MB workbook whose shared strings unpack to about 190 MB (the
  attack that once held the server for 403 s);
- `csvs`: three 49.9 MB CSV files, each in its own tab at the same moment.

Printed and saved per scenario: how long until each upload's verdict shows, the
bystander's page times (median, worst, count) while uploads are checked, and the
server's peak memory (its own and its children's, from /proc). The hostile files are
generated (seeded) in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

VERDICT_TIMEOUT_S = 900
HOME_HEADING = "Stakeholder map for atrocity prevention"


def shared_strings_bomb(path: Path, unpacked_mb: float = 190) -> None:
    """A workbook of three cells whose shared strings are `unpacked_mb` MB of compressible text."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    kinds = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    rng = random.Random(2008)
    words = ["peace", "dialogue", "chamber", "ministry", "alliance", "network", "council", "forum"]
    target = int(unpacked_mb * 1_000_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheet_type}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheet_type}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheet_type}.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{kinds}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{kinds}"><sheets><sheet name="actors" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{kinds}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{kinds}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<sst xmlns="{main}"><si><t>id</t></si><si><t>name</t></si><si><t>kind</t></si>'.encode())
            written = 0
            number = 0
            while written < target:
                chunk = "".join(
                    f"<si><t>{' '.join(rng.choice(words) for _ in range(6))} {number + i}</t></si>"
                    for i in range(10_000)
                ).encode()
                part.write(chunk)
                written += len(chunk)
                number += 10_000
            part.write(b"</sst>")


def large_csv(path: Path, size_mb: float = 49.9) -> None:
    """An actors table of plausible rows, just under the 50 MB upload limit."""
    target = int(size_mb * 1_000_000)
    rng = random.Random(2013)
    with path.open("w", encoding="utf-8") as out:
        out.write("id,name,kind,sector,region,notes\n")
        written, number = 0, 0
        while True:
            line = f"a{number},Actor {number},business,trade,Nairobi,{'note ' * rng.randint(5, 30)}\n"
            if written + len(line) > target:
                break
            out.write(line)
            written += len(line)
            number += 1


def bystander(url: str, stop: multiprocessing.synchronize.Event, times: multiprocessing.Queue) -> None:  # type: ignore[name-defined]
    """Load Home again and again in a browser of its own; put each load's seconds on `times`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        while not stop.is_set():
            started = time.perf_counter()
            page.goto(url)
            page.get_by_role("heading", name=HOME_HEADING).wait_for(timeout=VERDICT_TIMEOUT_S * 1000)
            times.put(time.perf_counter() - started)
            time.sleep(0.5)
        browser.close()


def upload_all(url: str, files: list[Path]) -> list[float]:
    """Upload each file in its own tab at once; seconds until each tab shows its verdict."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        pages = [browser.new_page() for _ in files]
        for page in pages:
            page.goto(f"{url}/data")
            page.locator("input[type=file]").wait_for(state="attached", timeout=60_000)
        started = time.perf_counter()
        for page, file in zip(pages, files, strict=True):
            page.locator("input[type=file]").set_input_files(str(file))
        verdicts = []
        for page in pages:
            found = page.get_by_text("It is now the active map").or_(page.get_by_test_id("stDataFrame")).first
            found.or_(page.get_by_text("is refused unopened")).first.wait_for(timeout=VERDICT_TIMEOUT_S * 1000)
            verdicts.append(time.perf_counter() - started)
        browser.close()
    return verdicts


def peak_memory_mb(pid: int) -> float:
    """The peak resident memory of the server process (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1000


def run_scenario(name: str, files: list[Path], probes: int) -> dict[str, object]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    environment["STAKEHOLDER_MAP_DATA_DIR"] = data
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        stop = multiprocessing.Event()
        times: multiprocessing.Queue = multiprocessing.Queue()
        prober = multiprocessing.Process(target=bystander, args=(url, stop, times))
        prober.start()
        time.sleep(8)  # the bystander's first loads, before any upload
        verdicts = upload_all(url, files) if files else []
        if not files:
            time.sleep(probes)
        stop.set()
        prober.join(timeout=120)
        seen = []
        while not times.empty():
            seen.append(times.get())
        loads = seen[2:] or seen  # the first loads start the browser
        return {
            "scenario": name,
            "files": [f"{f.name} ({f.stat().st_size / 1e6:.1f} MB)" for f in files],
            "verdict_seconds": [round(v, 1) for v in verdicts],
            "bystander_loads": len(loads),
            "bystander_median_s": round(statistics.median(loads), 2) if loads else None,
            "bystander_worst_s": round(max(loads), 2) if loads else None,
            "server_peak_mb": round(peak_memory_mb(server.pid), 0),
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["none", "bomb", "csvs", "all"], default="all")
    parser.add_argument("--probes", type=int, default=20, help="seconds of baseline loads for 'none'")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "upload_budgets_results.json")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    chosen = ["none", "bomb", "csvs"] if args.scenario == "all" else [args.scenario]
    results = []
    for name in chosen:
        files: list[Path] = []
        if name == "bomb":
            files = [folder / "bomb.xlsx"]
            shared_strings_bomb(files[0])
        if name == "csvs":
            files = [folder / f"actors_{n}.csv" for n in range(3)]
            for file in files:
                large_csv(file)
        result = run_scenario(name, files, args.probes)
        print(json.dumps(result))
        results.append(result)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
