"""Rewrites one section of RESULTS.md from a side-by-side run.
   write_results.py ingest FILE OURS_JSON THEIRS_JSON"""
import datetime
import json
import os
import pathlib
import platform
import re
import sys

here = pathlib.Path(__file__).resolve().parent.parent
results = here / "RESULTS.md"
kind, path, ours, theirs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])

if kind != "ingest":
    sys.exit(f"unknown section {kind}")
size_mb = os.path.getsize(here / path) / 1e6
ratio = theirs["median_s"] / ours["median_s"]
agree = abs(ours["checksum"] - theirs["checksum"]) <= 1e-9 * abs(theirs["checksum"])
section = f"""## CSV ingest: 1,000,000 × 60 → means + covariance

Measured {datetime.date.today()} on {platform.machine()}, {os.cpu_count()} cores, one run of
`scripts/side_by_side_ingest.sh` (median of {ours['reps']} after one warm-up each, same file,
{size_mb:.0f} MB, both in-process, start-up not counted; OPENBLAS_NUM_THREADS=1).

| | median s | min s |
|---|---:|---:|
| ClusterStat `Moments.stream` (streaming in 32 MB parts on all cores, one chunk per core in memory) | {ours['median_s']:.3f} | {ours['min_s']:.3f} |
| pandas {theirs.get('pandas', '')} `read_csv(...)` + `.mean()` + `.cov()` | {theirs['median_s']:.3f} | {theirs['min_s']:.3f} |
| **ratio (pandas / ClusterStat)** | **{ratio:.1f}×** | |

Results agree: {'yes' if agree else 'NO'} (Σ means + trace of covariance: {ours['checksum']:.10g} vs {theirs['checksum']:.10g}).
"""

text = results.read_text() if results.exists() else "# Benchmark results\n\nRatios, not absolute times: each row compares ClusterStat with its reference in the same run on the same machine.\n"
pattern = re.compile(r"## CSV ingest:.*?(?=\n## |\Z)", re.S)
text = pattern.sub(section.rstrip() + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
results.write_text(text)
print(section)
