"""Time the grouped layout (Group-in-a-Box) against the plain force layout, on generated maps.

    python bench/grouped_layout.py                  # 3,000 and 30,000 actors
    python bench/grouped_layout.py --sizes 300 3000

Maps come from `bench/generate.py` (seeded). For each size it prints the best of
two runs of `layout_positions` and of `grouped_positions` under three groupings:
by kind (11 groups), by sector (a dozen, plus the actors without one), and by
parent organisation (thousands of groups, most of one actor: the treemap's worst case).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import write  # noqa: E402

from mapping.layout import grouped_positions, groups_by_kind, groups_by_sector, layout_positions  # noqa: E402
from mapping.load import load_paths  # noqa: E402
from mapping.model import StakeholderMap  # noqa: E402

SIZES = (3000, 30000)
RUNS = 2


def best_time(step: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def steps(smap: StakeholderMap) -> dict[str, Callable[[], object]]:
    by_parent = {actor.id: actor.parent or actor.id for actor in smap.actors}
    return {
        "layout_positions": lambda: layout_positions(smap),
        "grouped, by kind": lambda: grouped_positions(smap, groups_by_kind(smap)),
        "grouped, by sector": lambda: grouped_positions(smap, groups_by_sector(smap)),
        f"grouped, by parent ({len(set(by_parent.values()))} groups)": lambda: grouped_positions(smap, by_parent),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    args = parser.parse_args()
    for size in args.sizes:
        smap = load_paths([write(size, Path(tempfile.mkdtemp()) / f"map{size}")]).map
        for name, step in steps(smap).items():
            print(f"{size:>7,} actors  {name:<36} {best_time(step):6.2f} s", flush=True)


if __name__ == "__main__":
    main()
