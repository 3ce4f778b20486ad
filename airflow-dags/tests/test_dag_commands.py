"""The DAGs' commands, rendered for the logical date 2026-11-22, run against a copy of the demo
lakehouse: a nightly run, a failing check, maintenance, and a one-day backfill. Each runs through
the class its task submits, from the built job jar, in one JVM of this process (batch_jvm: what
that class's main executes, without a JVM start each); the failing check runs as its own process
with bin/segmentflow-batch, as spark-submit would start it, so the jar's main is run too."""

import datetime
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import batch_jvm
from dags_under_test import ROOT, JOB_JAR, load_dags, render, topological

LOGICAL_DATE = datetime.date(2026, 11, 22)
RUN_ID = "recompute-20261123T000000.000Z"
DEMO = Path(os.environ.get("SEGMENTFLOW_DEMO_LAKEHOUSE", ROOT / "target" / "demo-lakehouse"))
SEGMENTS_JAR = ROOT / "segments" / "target" / "segments-0.1.0-SNAPSHOT-cli.jar"


def run(args, expect=0):
    """Runs a command; returns its standard output; fails with its output on another exit code."""
    started = time.monotonic()
    env = {**os.environ, "JAVA_OPTS": os.environ.get("JAVA_OPTS", "-Xmx1g")}
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
    print(f"  {time.monotonic() - started:5.1f} s  exit {result.returncode}  {' '.join(args[:2])}",
          flush=True)
    if result.returncode != expect:
        raise AssertionError(
            f"{' '.join(args)}\nexited {result.returncode}, expected {expect}\n"
            f"--- stdout\n{result.stdout}\n--- stderr (end)\n{result.stderr[-4000:]}"
        )
    return result.stdout


def segment_table(recompute_output):
    """The per-segment lines a recompute prints (segment, members, identified, ...)."""
    lines = recompute_output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("segment "))
    return [line.split() for line in lines[start + 1:] if line.strip()]


class NightlyCommandsRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dags = load_dags()
        run([str(ROOT / "bin" / "demo-lakehouse"), str(DEMO)])
        cls.tmp = Path(tempfile.mkdtemp(prefix="segmentflow-dags-"))
        cls.lakehouse = cls.tmp / "lakehouse"
        shutil.copytree(DEMO, cls.lakehouse)
        cls.variables = {
            "segmentflow_job_jar": str(JOB_JAR),
            "segmentflow_lakehouse": str(cls.lakehouse),
            "segmentflow_landing": str(cls.lakehouse / "landing"),
            "segmentflow_definitions": str(ROOT / "examples" / "definitions"),
        }
        # The landing job's part: the day's files (the demo lakehouse's contacts, a day later),
        # then _SUCCESS.
        day = cls.lakehouse / "landing" / f"dt={LOGICAL_DATE}"
        run(["java", "-jar", str(SEGMENTS_JAR), "generate", "--contacts", "1000",
             "--as-of", "2026-11-23T00:00:00Z", "--output", str(day)])
        (day / "_SUCCESS").touch()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def batch(self, dag_id, task_id, variables=None, params=None, expect=0, process=False):
        """Runs a task's rendered command, through its java_class in this process's JVM, or with
        process=True as its own process (bin/segmentflow-batch: the job jar's main); returns what
        it printed and fails on another exit code than expect."""
        task = self.dags[dag_id].tasks[task_id]
        self.assertEqual(render(task, task.application, LOGICAL_DATE, self.variables),
                         str(JOB_JAR))
        args = render(task, task.application_args, LOGICAL_DATE,
                      {**self.variables, **(variables or {})}, params)
        if process:
            return run([str(ROOT / "bin" / "segmentflow-batch"), *args], expect)
        started = time.monotonic()
        result = batch_jvm.run(task.java_class, args)
        print(f"  {time.monotonic() - started:5.1f} s  exit {result.exit_code}  {task_id}"
              f" (in this process's JVM)", flush=True)
        if result.exit_code != expect:
            raise AssertionError(
                f"{task.java_class} {' '.join(args)}\nexited {result.exit_code}, expected {expect}"
                f"\n--- stdout\n{result.out}\n--- stderr (end)\n{result.err[-4000:]}"
                f"\n--- console (end)\n{result.console[-4000:]}"
            )
        return result.out

    def test_a_nightly_run_then_maintenance_then_a_one_day_backfill(self):
        outputs = {}
        print()
        for task in topological(self.dags["segmentflow_nightly"]):
            if type(task).__name__ == "FileSensor":
                path = Path(render(task, task.filepath, LOGICAL_DATE, self.variables))
                self.assertTrue(path.is_file(), f"the sensor waits for {path}")
                continue
            outputs[task.task_id] = self.batch("segmentflow_nightly", task.task_id)

        self.assertEqual(list(outputs), ["ingest_companies", "ingest_contacts", "ingest_events",
                                         "ingest_list_actions", "recompute", "check", "publish"])
        self.assertIn(f"{RUN_ID} (attempt 1)", outputs["recompute"])
        checks = re.findall(r"^(PASS|FAIL)  ([^:]+):", outputs["check"], re.M)
        self.assertEqual([c[0] for c in checks], ["PASS"] * 7, outputs["check"])
        self.assertIn("quarantine rate", [c[1] for c in checks])
        self.assertTrue((self.lakehouse / "snapshots" / RUN_ID / "manifest.json").is_file())

        # The same run fails the check with bounds that allow no move at all; run as its own
        # process, the job jar's main ends it with the check's exit code.
        strict = self.batch(
            "segmentflow_nightly", "check",
            {"segmentflow_max_change_ratio": "0", "segmentflow_min_change": "0"},
            expect=3, process=True,
        )
        self.assertRegex(strict, r"(?m)^FAIL  sizes within bounds: ")
        self.assertRegex(strict, r"(?m)^\d+ of 7 checks failed: do not publish " + RUN_ID)

        for task in topological(self.dags["segmentflow_maintenance"]):
            out = self.batch("segmentflow_maintenance", task.task_id)
            self.assertRegex(out, r"(?m)^memberships +\d+ -> \d+")

        # A backfill of that day: undo its run, recompute and check it again.
        restored = self.batch("segmentflow_restore", "restore",
                              params={"first_logical_date": str(LOGICAL_DATE)})
        self.assertIn(f"Undoing 1 runs as of 2026-11-23T00:00:00Z or later ({RUN_ID} to {RUN_ID})",
                      restored)
        again = self.batch("segmentflow_nightly", "recompute")
        self.assertIn(f"{RUN_ID} (attempt 1)", again)
        self.assertEqual(segment_table(again), segment_table(outputs["recompute"]))
        checked = self.batch("segmentflow_nightly", "check")
        self.assertIn("All 7 checks passed", checked)


if __name__ == "__main__":
    unittest.main()
