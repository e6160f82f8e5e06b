"""Rewrites one section of RESULTS.md from a side-by-side run.
   write_results.py ingest FILE OURS_JSON THEIRS_JSON
   write_results.py sem BENCH_JSONL      (one `clusterstat bench --format json` per line)"""
import datetime
import json
import os
import pathlib
import platform
import re
import sys

here = pathlib.Path(__file__).resolve().parent.parent
results = here / "RESULTS.md"
kind = sys.argv[1]
machine = f"{datetime.date.today()} on {platform.machine()}, {os.cpu_count()} cores"


def replace_section(heading, section):
    text = results.read_text() if results.exists() else "# Benchmark results\n\nRatios, not absolute times: each row compares ClusterStat with its reference in the same run on the same machine.\n"
    pattern = re.compile(r"## " + re.escape(heading) + r".*?(?=\n## |\Z)", re.S)
    text = pattern.sub(lambda _: section.rstrip() + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section
    results.write_text(text)
    print(section)


def ms(x):
    return f"{1000 * x:.2f}"


def sem_row(r):
    ours, lav, mx = r["clusterstat"], r["lavaan"], r.get("openmx")
    def cell(t, key):
        return "—" if not t or t.get(key) is None else (f"{t[key]:.6f}" if key == "chisq" else str(t[key]))
    lav_ms = ms(lav["median_s"]) if lav else "—"
    lav_ratio = f"**{r['ratio']:.0f}×**" if lav else "—"
    mx_ms = ms(mx["median_s"]) if mx else "—"
    mx_ratio = f"**{r['ratio_openmx']:.0f}×**" if mx else "—"
    floor = r.get("floor")
    floor_cell = f"{ms(floor['seconds'])} ({r['floor_multiple']:.0f}×)" if floor else "—"
    return (f"| {r['case']} | {ms(ours['median_s'])} | {lav_ms} | {lav_ratio} | {mx_ms} | {mx_ratio} | {floor_cell} "
            f"| {ours['iterations']} / {cell(lav, 'iterations')} / {cell(mx, 'iterations')} "
            f"| {ours['chisq']:.6f} / {cell(lav, 'chisq')} / {cell(mx, 'chisq')} |")


def sem_section(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    lav = next((r["lavaan"] for r in rows if r["lavaan"]), None)
    mx = next((r["openmx"] for r in rows if r.get("openmx")), None)
    table = "\n".join(sem_row(r) for r in rows)
    boot = next((r for r in rows if r.get("bootstrap")), None)
    fewer = [r for r in rows if r["reps"] != rows[0]["reps"] and not r.get("bootstrap")]
    fewer_note = (f" (the rows {', '.join(r['case'].split(' (')[0] for r in fewer)}: median of {fewer[0]['reps']} without warm-up, "
                  "as OpenMx needs tens of seconds per fit there)") if fewer else ""
    boot_note = (f"The bootstrap row times whole runs (median of {boot['reps']} after one warm-up): the fit, then "
                 f"{boot['bootstrap']} replicates refitted from the full-sample estimates, ClusterStat on {boot['threads']} threads, "
                 "lavaan `sem(..., se = \"bootstrap\", bootstrap = 1000)` on one (its default `parallel = \"no\"`), OpenMx "
                 "`mxBootstrap(fit, 1000)` on one; iterations there are the full-sample fit's (OpenMx's count all replicates).\n") if boot else ""
    return f"""## SEM: one fit, ClusterStat against lavaan and OpenMx

Measured {machine}, one run of `scripts/side_by_side_sem.sh` (`clusterstat bench --against lavaan,openmx`:
median of {rows[0]['reps']} timed fits after 3 warm-up fits on each side{fewer_note}, the same complete cases, all in-process,
R's start-up and package loading not counted; OPENBLAS_NUM_THREADS=1; lavaan {lav['version'] if lav else 'not installed'},
OpenMx {mx['version'] if mx else 'not installed'}).
One ClusterStat fit is estimation, standard errors, the baseline model and every fit measure; one lavaan fit is
`sem(model, data = d)` (which fits the baseline model too; `fitMeasures()` is not timed), one OpenMx fit is `mxRun()`
of the RAM model made from lavaan's parameter table of the same syntax (every default, label and equality; lavaan's
start values; ML on the covariance matrix, FIML on raw data where values are missing; `mxRefModels()` for its χ² is
not timed), so the ratios err in their favour. lavaan stops earlier (nlminb, relative tolerance 1e-10 on F);
ClusterStat iterates until the largest gradient element is below 1e-10, hence χ² agreeing to about six digits.
The FIML, MLR and two-group rows pass the same options to lavaan (`missing = "ml"`, `estimator = "MLR"`,
`group`/`group.equal`); OpenMx has no MLR, so its MLR rows are ML fits. lavaan's FIML and MLR fits use the
observed information by numerical differentiation of the analytic gradient, ClusterStat's the analytic one.
{boot_note}
The flop floor (`bench`'s `floor`, clusterstat/FlopFloor.swift) is the least arithmetic of one fit — per evaluation
of F and ∇F the Cholesky factor and inverse of Σ and the gradient's products, 5p³ + 6p²m flops — timed on this
machine at the model's size (the same LinearAlgebra calls, median of 350 runs) times ClusterStat's evaluations;
in brackets ClusterStat's time as a multiple of it. FIML is floored at its complete-data cost.

| model | ClusterStat ms | lavaan ms | lavaan / ours | OpenMx ms | OpenMx / ours | flop floor ms (ours ×) | iterations (ours / lavaan / OpenMx) | χ² (ours / lavaan / OpenMx) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
{table}
"""


def ingest_section(path, ours, theirs):
    size_mb = os.path.getsize(here / path) / 1e6
    ratio = theirs["median_s"] / ours["median_s"]
    agree = abs(ours["checksum"] - theirs["checksum"]) <= 1e-9 * abs(theirs["checksum"])
    return f"""## CSV ingest: 1,000,000 × 60 → means + covariance

Measured {machine}, one run of
`scripts/side_by_side_ingest.sh` (median of {ours['reps']} after one warm-up each, same file,
{size_mb:.0f} MB, both in-process, start-up not counted; OPENBLAS_NUM_THREADS=1).

| | median s | min s |
|---|---:|---:|
| ClusterStat `Moments.stream` (streaming in 32 MB parts on all cores, one chunk per core in memory) | {ours['median_s']:.3f} | {ours['min_s']:.3f} |
| pandas {theirs.get('pandas', '')} `read_csv(...)` + `.mean()` + `.cov()` | {theirs['median_s']:.3f} | {theirs['min_s']:.3f} |
| **ratio (pandas / ClusterStat)** | **{ratio:.1f}×** | |

Results agree: {'yes' if agree else 'NO'} (Σ means + trace of covariance: {ours['checksum']:.10g} vs {theirs['checksum']:.10g}).
"""


def psych_section(path, ours, theirs):
    ratio = theirs["median_s"] / ours["median_s"]
    agree = abs(ours["checksum"] - theirs["checksum"]) <= 1e-4 * abs(theirs["checksum"])
    return f"""## Reliability + EFA: 10,000 × 60, ClusterStat against psych

Measured {machine}, one run of `scripts/side_by_side_psych.sh` (median of {ours['reps']} after one warm-up
each, same file, data already in memory on both sides, OPENBLAS_NUM_THREADS=1). One run is α with item
statistics for ten 6-item scales, then a 10-factor minres EFA with oblimin rotation of all 60 items
(ClusterStat also computes KMO and Bartlett inside `EFA.run`).

| | median s | min s |
|---|---:|---:|
| ClusterStat `Reliability.alpha` ×10 + `EFA.run` | {ours['median_s']:.4f} | {ours['min_s']:.4f} |
| psych {theirs.get('psych', '')} `alpha()` ×10 + `fa(X, 10, fm = "minres", rotate = "oblimin")` | {theirs['median_s']:.4f} | {theirs['min_s']:.4f} |
| **ratio (psych / ClusterStat)** | **{ratio:.0f}×** | |

Results agree: {'yes' if agree else 'NO'} (Σ α + Σ SS loadings: {ours['checksum']:.8f} vs {theirs['checksum']:.8f}).
"""


if kind == "sem":
    replace_section("SEM: one fit", sem_section(sys.argv[2]))
elif kind == "psych":
    replace_section("Reliability + EFA", psych_section(sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])))
elif kind == "ingest":
    replace_section("CSV ingest:", ingest_section(sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])))
else:
    sys.exit(f"unknown section {kind}")
