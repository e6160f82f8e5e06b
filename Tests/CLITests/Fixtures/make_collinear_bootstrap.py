# Writes collinear-bootstrap.csv: 40 cases where c = a and d = b except in
# rows 1 and 2, so the full sample is fine but a resample that misses row 1 or
# row 2 (probability 1 − (1 − 0.975^40)² ≈ 0.59) has a singular
# covariance matrix: a bootstrap in which most replicates fail.
#   python3 make_collinear_bootstrap.py
import random

random.seed(3)
rows = ["a,b,c,d,e,f"]
for i in range(40):
    a = random.gauss(0, 1)
    b = a * 0.6 + random.gauss(0, 0.8)
    e = a * 0.5 + random.gauss(0, 0.9)
    f = b * 0.5 + random.gauss(0, 0.9)
    c = a + (1.0 if i == 0 else 0.0)
    d = b + (1.0 if i == 1 else 0.0)
    rows.append(",".join(f"{v:.6f}" for v in (a, b, c, d, e, f)))
open("collinear-bootstrap.csv", "w").write("\n".join(rows) + "\n")
