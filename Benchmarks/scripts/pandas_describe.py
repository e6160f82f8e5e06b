"""One pandas describe of FILE: read_csv, describe() (n, mean, sd, min,
quartiles with the median, max), skew(), kurt(), and with --mad also the MAD
(median absolute deviation from the median), as `clusterstat describe`
reports it. Run once per process (the side-by-side script times the whole
process); prints a JSON line with the in-process seconds and each column's
statistics.   python3 pandas_describe.py FILE [--mad]"""
import json
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402

path = sys.argv[1]
with_mad = "--mad" in sys.argv[2:]
t1 = time.perf_counter()
df = pd.read_csv(path)
d = df.describe()
skew = df.skew()
kurt = df.kurt()
mad = (df - df.median()).abs().median() if with_mad else None
t2 = time.perf_counter()
columns = {c: {"n": int(d.loc["count", c]), "mean": float(d.loc["mean", c]), "sd": float(d.loc["std", c]),
               "median": float(d.loc["50%", c]), "min": float(d.loc["min", c]), "max": float(d.loc["max", c]),
               "skew": float(skew[c]), "kurt": float(kurt[c]), "mad": float(mad[c]) if with_mad else None} for c in df.columns}
print(json.dumps({"in_process_s": t2 - t1, "import_s": t1 - t0, "pandas": pd.__version__, "columns": columns}))
