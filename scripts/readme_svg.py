"""Save terminal pictures of aidcli for the README: runs the installed command with colour forced
and records its output as SVG with Rich. Run from the repository root:

    uv run python scripts/readme_svg.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[1]
SHOTS = {
    "by-country-spain.svg": ["by-country", "Spain", "-f", "table"],
    "totals-chart.svg": [
        "totals",
        "--by",
        "recipient",
        "--item",
        "masks",
        "--status",
        "delivered",
        "--chart",
        "-f",
        "table",
    ],
}


def main() -> None:
    aidcli = shutil.which("aidcli", path=str(Path(sys.executable).parent)) or "aidcli"
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "100", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    for name, args in SHOTS.items():
        out = subprocess.run([aidcli, *args], capture_output=True, text=True, env=env, check=True)
        with open(os.devnull, "w") as devnull:
            console = Console(record=True, width=100, file=devnull, force_terminal=True)
            console.print(Text.from_ansi(out.stdout))
        console.save_svg(str(ROOT / "docs" / name), title="aidcli " + " ".join(args))
        print(f"docs/{name}")


if __name__ == "__main__":
    main()
