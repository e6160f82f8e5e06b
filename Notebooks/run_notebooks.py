"""Executes every notebook here headlessly (nbclient) and fails on any error (make notebooks)."""
import pathlib
import sys

import nbclient
import nbformat

here = pathlib.Path(__file__).parent
failed = 0
for path in sorted(here.glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    try:
        nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(here)}}).execute()
        print(f"notebooks: {path.name} ran ({len(nb.cells)} cells)")
    except Exception as e:  # noqa: BLE001 - report and go on to the next notebook
        failed += 1
        print(f"notebooks: {path.name} failed: {e}", file=sys.stderr)
sys.exit(1 if failed else 0)
