"""Every notebook runs from top to bottom against the demo lakehouse (bin/demo-lakehouse) with
Jupyter's nbconvert, and is committed without outputs."""

import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent
ROOT = NOTEBOOKS.parent
DEMO = Path(os.environ.get("SEGMENTFLOW_DEMO_LAKEHOUSE", ROOT / "target" / "demo-lakehouse"))
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


class NotebooksAreCommittedWithoutOutputs(unittest.TestCase):
    def test_there_are_notebooks(self):
        self.assertGreaterEqual(len(ALL), 4)

    def test_no_outputs_or_execution_counts(self):
        for notebook in ALL:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
            for i, cell in enumerate(cells):
                if cell["cell_type"] == "code":
                    with self.subTest(notebook=notebook.name, cell=i):
                        self.assertEqual(cell["outputs"], [])
                        self.assertIsNone(cell["execution_count"])


class NotebooksRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        subprocess.run([str(ROOT / "bin" / "demo-lakehouse"), str(DEMO)], check=True)
        cls.out = Path(tempfile.mkdtemp(prefix="segmentflow-notebooks-"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def test_every_notebook_runs_from_top_to_bottom_and_draws(self):
        for notebook in ALL:
            with self.subTest(notebook=notebook.name):
                started = time.monotonic()
                result = subprocess.run(
                    ["jupyter", "nbconvert", "--to", "notebook", "--execute", str(notebook),
                     "--output-dir", str(self.out),
                     "--ExecutePreprocessor.timeout=300",
                     "--ExecutePreprocessor.kernel_name=python3"],
                    capture_output=True, text=True, cwd=NOTEBOOKS,
                    env={**os.environ, "SEGMENTFLOW_LAKEHOUSE": str(DEMO),
                         "SEGMENTFLOW_NOTEBOOK_HEAP": "-Xmx2g"},
                )
                print(f"\n  {time.monotonic() - started:5.1f} s  {notebook.name}", flush=True)
                self.assertEqual(result.returncode, 0, result.stderr[-6000:])
                executed = json.loads((self.out / notebook.name).read_text(encoding="utf-8"))
                outputs = [o for c in executed["cells"] if c["cell_type"] == "code"
                           for o in c["outputs"]]
                self.assertFalse([o for o in outputs if o["output_type"] == "error"])
                self.assertTrue(any("image/png" in o.get("data", {}) for o in outputs),
                                "no plot was drawn")


if __name__ == "__main__":
    unittest.main()
