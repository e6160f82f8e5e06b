"""Times pandas.read_csv(FILE) followed by .mean() and .cov(), REPS times after a
warm-up, in this process (Python's start-up is not counted), and prints a JSON
line like time-ingest's.   python3 pandas_ingest.py FILE [REPS]"""
import json
import sys
import time

import pandas as pd

path = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def once():
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    means = df.mean()
    cov = df.cov()
    t1 = time.perf_counter()
    return t1 - t0, float(means.sum() + cov.values.trace())


once()
times, checksum = [], 0.0
for _ in range(reps):
    t, checksum = once()
    times.append(t)
times.sort()
print(json.dumps({"median_s": times[len(times) // 2], "min_s": times[0], "reps": reps,
                  "checksum": checksum, "pandas": pd.__version__}))
