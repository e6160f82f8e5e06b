"""Writes firms.csv: a test fixture shaped like the study's Suzhou firm data
(36 firms; network capability NC and absorptive capacity AC, 4 dimensions × 3
indicators each; knowledge rent KR and international growth IG). Simulated,
not real: latent NC and AC correlate 0.5; firms 5, 17 and 30 are made
uncoordinated (one system strong, the other weak).

Indicators mix 1–7 ratings with objective ones: nb1 foreign partners (count),
acq1 R&D intensity (%), trn1 patents granted (count), exp1 months to put acquired
technology into production (a cost indicator: smaller is better).
Run: python3 make_firms.py   (seeded: the same file every time)."""
import math
import pathlib
import random

rng = random.Random(20180501)
here = pathlib.Path(__file__).parent


def rating(z):
    return max(1, min(7, round(4 + 1.2 * z)))


rows = []
for firm in range(1, 37):
    nc = rng.gauss(0, 1)
    ac = 0.5 * nc + math.sqrt(1 - 0.25) * rng.gauss(0, 1)
    if firm in (5, 30):
        nc, ac = 1.8, -1.8
    if firm == 17:
        nc, ac = -1.8, 1.6
    r = {"firm": f"F{firm:02d}"}
    for dim in ("nv", "nb", "rm", "np"):
        for k in (1, 2, 3):
            r[f"{dim}{k}"] = rating(0.8 * nc + 0.6 * rng.gauss(0, 1))
    r["nb1"] = max(0, round(6 + 4 * nc + 2 * rng.gauss(0, 1)))
    for dim in ("acq", "asm", "trn", "exp"):
        for k in (1, 2, 3):
            r[f"{dim}{k}"] = rating(0.8 * ac + 0.6 * rng.gauss(0, 1))
    r["acq1"] = round(max(0.2, 3 + 1.5 * ac + 0.6 * rng.gauss(0, 1)), 2)
    r["trn1"] = max(0, round(8 + 5 * ac + 2 * rng.gauss(0, 1)))
    r["exp1"] = max(1, round(14 - 4 * ac + 2 * rng.gauss(0, 1)))
    r["KR"] = round(4 + 0.6 * nc + 0.6 * ac + 0.5 * rng.gauss(0, 1), 3)
    r["IG"] = round(4 + 0.5 * (r["KR"] - 4) + 0.3 * nc + 0.6 * rng.gauss(0, 1), 3)
    rows.append(r)

cols = list(rows[0].keys())
with open(here / "firms.csv", "w", encoding="utf-8") as f:
    f.write(",".join(cols) + "\n")
    for r in rows:
        f.write(",".join(str(r[c]) for c in cols) + "\n")
