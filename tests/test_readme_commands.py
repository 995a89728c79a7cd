"""Every `mapping ...` command the README shows runs as written (optional [parts] left out) and succeeds.

Commands that name the reader's own files (`kumu_map.xlsx`, `graph.gexf`, `my_map/`...) get
real files of that kind: the files other tools wrote in tests/data/real, and the map the
README's first import writes.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
STAND_INS = {  # the reader's files, as the README names them -> real files of that kind
    "kumu_map.xlsx": REAL / "kumu" / "paypal-mafia.xlsx",
    "kumu_project.json": REAL / "kumu" / "snap-to-tutorial-project.json",
    "entities.ftm.json": REAL / "ftm" / "zala_entities.ftm.json",
    "graph.gexf": REAL / "gephi" / "Les Miserables.gexf",
    "export.txt": REAL / "ftm" / "t1_entities.ftm.json",
}
SAMPLE = ROOT / "sample_data" / "kenya_private_security_2023"


def readme_commands() -> list[str]:
    """The README's `mapping` command lines in code blocks, optional `[...]` parts and comments removed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("mapping "):
                line = re.sub(r"\s+#.*$", "", line)
                commands.append(re.sub(r"\s*\[[^\]]*\]", "", line).strip())
    return commands


COMMANDS = readme_commands()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the sample data, the stand-in files, and (made once) the README's `my_map/`."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "sample_data").symlink_to(ROOT / "sample_data")
    for name, real in STAND_INS.items():
        shutil.copy(real, folder / name)
    (folder / "our_kinds.txt").write_text("Employee/Founder=leads\n")
    shutil.copy(SAMPLE / "actors.csv", folder / "actors.csv")
    shutil.copy(SAMPLE / "relationships.csv", folder / "relationships.csv")
    run(["export", str(SAMPLE), "--format", "xlsx", "--output", "my_map.xlsx"], folder)
    run(["import", "kumu_map.xlsx", "--output", "my_map/"], folder)
    return folder


def run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mapping", *arguments], capture_output=True, text=True, cwd=cwd)


def test_the_readme_shows_commands_to_run() -> None:
    assert len(COMMANDS) >= 15 and any("paths" in c for c in COMMANDS) and any("import" in c for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_readme_command_runs(workdir: Path, command: str) -> None:
    arguments = shlex.split(command)[1:]
    done = run(arguments, workdir)
    assert done.returncode == 0, (command, done.stdout[-800:], done.stderr[-800:])
    assert "Traceback" not in done.stderr
