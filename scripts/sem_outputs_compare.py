"""Compares two recordings of scripts/sem_outputs.sh: every number identical
or within 1e-12 relative, every string identical (timings and paths aside)."""
import json, math, os, sys

IGNORE = {"seconds", "milliseconds", "median", "times", "ratio", "ratio_openmx", "floor_multiple", "lavaan", "openmx", "elapsed", "timing", "timings", "min", "max", "reps_ms"}

def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            out.append(f"{path}: keys differ {sorted(set(a) ^ set(b)) or 'order'}")
        for k in a:
            if k in b and k not in IGNORE and not k.endswith("_s") and not any(w in k.lower() for w in ("seconds", "time")):
                walk(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} vs {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if a == b or (math.isnan(a) and math.isnan(b)):
            return
        rel = abs(a - b) / max(abs(a), abs(b), 1e-300)
        if rel > 1e-12:
            out.append(f"{path}: {a!r} vs {b!r} (rel {rel:.2g})")
        else:
            out.append(f"~ {path}: within 1e-12 ({rel:.2g})")
    elif a != b:
        out.append(f"{path}: {str(a)[:80]!r} vs {str(b)[:80]!r}")

def main(old, new):
    bad = 0
    near = 0
    for name in sorted(os.listdir(old)):
        if not name.endswith((".json", ".err")):
            continue
        po, pn = os.path.join(old, name), os.path.join(new, name)
        if not os.path.exists(pn):
            print(f"{name}: missing in {new}"); bad += 1; continue
        if name.endswith(".err"):
            if open(po).read() != open(pn).read():
                print(f"{name}: messages differ"); bad += 1
            continue
        try:
            a, b = json.load(open(po)), json.load(open(pn))
        except json.JSONDecodeError as e:
            if open(po).read() != open(pn).read():
                print(f"{name}: not JSON and differs ({e})"); bad += 1
            continue
        out = []
        walk(a, b, name, out)
        for line in out:
            if line.startswith("~"):
                near += 1
            else:
                bad += 1
                print(line)
    print(f"{bad} differences, {near} numbers within 1e-12 relative")
    return 1 if bad else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
