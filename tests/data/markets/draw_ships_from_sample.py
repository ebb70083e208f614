"""Draw the hand-labelling sample of ships-from values (see README.md beside this file).

Seeded (24), stratified by file: 300 rows over the shipped Agora listing crawls in
examples/data/markets, each file's share proportional to its non-empty ships-from
values with at least 15 rows per file. The raw value is written with its whitespace
collapsed (the crawls wrap it in newlines and indentation); the label column is left
blank for the labeller. Run from the repository root.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

FILES = ["agora-products-2014-01-01.csv", "agora-products-2014-02-01.csv",
         "agora_2014_synth.csv", "agora_2014_seeds.csv", "agora_2014_shaketrim.csv",
         "agora_vendor_pages_2014-01.csv"]
TOTAL, MINIMUM, SEED = 300, 15, 24


def non_empty(value: str) -> bool:
    """A ships-from cell with text: not blank, not R's NA, not only a "To:" part."""
    text = " ".join(value.split())
    return bool(text) and text != "NA" and not text.startswith("To:")


def main() -> None:
    pools: dict[str, list[str]] = {}
    for name in FILES:
        with open(Path("examples/data/markets") / name, newline="", encoding="utf-8") as fh:
            pools[name] = [" ".join(r["from"].split()) for r in csv.DictReader(fh)
                           if non_empty(r["from"])]
    total = sum(len(p) for p in pools.values())
    quota = {n: max(MINIMUM, round(TOTAL * len(p) / total)) for n, p in pools.items()}
    largest = max(quota, key=lambda n: quota[n])
    quota[largest] -= sum(quota.values()) - TOTAL
    rng = random.Random(SEED)
    with open("tests/data/markets/ships_from_labels.csv", "w", newline="",
              encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["raw", "file", "label", "note"])
        for name in FILES:
            for raw in rng.sample(pools[name], quota[name]):
                writer.writerow([raw, name, "", ""])


if __name__ == "__main__":
    main()
