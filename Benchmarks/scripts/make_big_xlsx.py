#!/usr/bin/env python3
"""A questionnaire export of ROWS respondents × 50 columns, as .xlsx and .csv
with the same values, for timing the streaming .xlsx reader against the CSV
reader (#18): 47 seven-point items, a score with decimals, a submission
time (a date-formatted cell) and a respondent id (text, shared strings).

  python3 make_big_xlsx.py [ROWS] [OUTDIR] [--numbers]    (default 100000, data/)

--numbers makes all 50 columns numbers (bigNUM-numbers.*), so that a timing
of `describe` is the readers' and not the answer-text matching of the two
text columns.

openpyxl's write-only mode streams rows, so the generator stays small too.
Seeded: the same files on every machine.
"""
import csv
import datetime
import os
import random
import sys

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

numbers = "--numbers" in sys.argv
args = [a for a in sys.argv[1:] if a != "--numbers"]
rows = int(args[0]) if args else 100_000
out = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
name = f"big{rows}" + ("-numbers" if numbers else "")
os.makedirs(out, exist_ok=True)
rng = random.Random(18)
header = [f"q{i}" for i in range(1, 48)] + (["score", "score2", "score3"] if numbers else ["score", "submitted", "id"])
start = datetime.datetime(2024, 3, 1, 8, 0, 0)

wb = Workbook(write_only=True)
ws = wb.create_sheet("data")
ws.append(header)
with open(os.path.join(out, f"{name}.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(header)
    for r in range(rows):
        items = [rng.randint(1, 7) for _ in range(47)]
        score = round(sum(items) / 47 + rng.gauss(0, 0.1), 4)
        when = start + datetime.timedelta(seconds=37 * r)
        ident = f"R{r:07d}"
        if numbers:
            ws.append(items + [score, -score, 2 * score])
            w.writerow(items + [score, -score, 2 * score])
            continue
        when_cell = WriteOnlyCell(ws, value=when)
        when_cell.number_format = "yyyy-mm-dd hh:mm:ss"
        ws.append(items + [score, when_cell, ident])
        w.writerow(items + [score, when.strftime("%Y-%m-%d %H:%M:%S"), ident])
wb.save(os.path.join(out, f"{name}.xlsx"))
