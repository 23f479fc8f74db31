"""Write a portfolio template of N sites that extends scenarios/group_portfolio.yaml: its 12 sites
and N − 12 more, each a copy of one of the 12 (cycling through them, so the site plans of equal
sites are made once), with the first ``--traditional`` of the added sites still traditional (a
group part-way through its migration).

    .venv/bin/python scripts/make_portfolio.py --sites 50 --traditional 15 \\
        --out scenarios/portfolios/group_portfolio_50.yaml

Deterministic: the same arguments write the same file (written atomically).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sim.files import write_atomic  # noqa: E402
from sim.scenario.loader import load_raw  # noqa: E402

BASE = REPO / "scenarios" / "group_portfolio.yaml"


def render(n_sites: int, traditional: int, base_rel: str) -> str:
    data, _ = load_raw(BASE)
    originals = list(data["sites"].items())
    if n_sites < len(originals):
        raise SystemExit(f"--sites must be at least {len(originals)} (the base's sites), got {n_sites}")
    if not 0 <= traditional <= n_sites:
        raise SystemExit(f"--traditional must be between 0 and --sites, got {traditional}")
    added = []
    for i in range(n_sites - len(originals)):
        name, site = originals[i % len(originals)]
        added.append((f"{name}_{i // len(originals) + 2}", site))
    households = sum(s["households"] for _, s in originals + added)
    models = [name for name, _ in added[:traditional]] + [name for name, _ in originals][:max(0, traditional - len(added))]
    lines = [
        f"# A group portfolio of {n_sites} residential communities ({households:,} households) under one group call",
        "# centre, part-way through its migration to centralised control: "
        f"{traditional} sites still run the traditional",
        "# model (their own desk and fixed posts), the rest are served by the centre. Written by",
        f"# scripts/make_portfolio.py --sites {n_sites} --traditional {traditional}; do not edit by hand.",
        "#",
        "# Where the numbers come from: the 12 sites of group_portfolio.yaml (its header cites them: DOMAIN,",
        "# seed 000, [est]) and copies of them cycling through the 12 [est]; a management span of about 50",
        "# sites per centre [seed 000]; the centre's cost lines are the portfolio defaults",
        "# (sim/scenario/portfolio.py, [est]).",
        f"extends: {base_rel}",
        f"name: group_portfolio_{n_sites}",
        "description: >-",
        f"  {n_sites} communities ({households:,} households): the 12 of group_portfolio and copies of them; "
        f"{traditional} still",
        "  traditional (own desk and fixed posts), the rest served by the group call centre. For",
        "  python -m planner portfolio and bench/bench_portfolio.py --plan.",
        "sites:",
    ]
    for name, site in added:
        fields = ", ".join(f"{k}: {v}" for k, v in site.items())
        lines.append(f"  {name}: {{{fields}}}")
    lines.append("portfolio:")
    lines.append("  allocation_basis: contacts")
    if models:
        lines.append("  site_models:")
        lines += [f"    {name}: traditional" for name in models]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--traditional", type=int, default=15)
    parser.add_argument("--out", default=str(REPO / "scenarios" / "portfolios" / "group_portfolio_50.yaml"))
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    base_rel = os.path.relpath(BASE, out.parent)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(str(out), render(args.sites, args.traditional, base_rel))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
