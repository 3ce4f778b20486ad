"""The DAGs declare what README.md says: DAGs, schedules, tasks, dependencies, retries,
commands, Variables; and the class they submit is in the job jar. No Spark here."""

import unittest
import zipfile

from dags_under_test import (
    JOB_JAR,
    MAIN_CLASS,
    as_documented,
    code,
    load_dags,
    readme_tables,
    variables_used,
)

SPARK_SUBMIT = "SparkSubmitOperator"


class DagsMatchTheReadme(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dags = load_dags()
        tables = readme_tables()
        cls.dag_rows = tables["DAG/schedule"]
        cls.task_rows = tables["DAG/task"]
        cls.variable_rows = tables["Variable/in the commands"]
        cls.short_names = {
            code(row["Variable"]): code(row["in the commands"]) for row in cls.variable_rows
        }

    def test_the_dag_files_declare_exactly_the_documented_dags(self):
        self.assertEqual(sorted(self.dags), sorted(code(r["DAG"]) for r in self.dag_rows))

    def test_schedules_catchup_and_active_runs_are_as_documented(self):
        for row in self.dag_rows:
            dag = self.dags[code(row["DAG"])]
            with self.subTest(dag=dag.dag_id):
                schedule = code(row["schedule"])
                self.assertEqual(dag.schedule, None if schedule.startswith("none") else schedule)
                self.assertEqual(dag.catchup, {"yes": True, "no": False}[row["catchup"]])
                self.assertEqual(dag.max_active_runs, int(row["max active runs"]))
                self.assertIsNotNone(dag.start_date.tzinfo, "start_date must be in UTC")

    def test_tasks_and_their_dependencies_are_as_documented(self):
        for dag_id, dag in self.dags.items():
            rows = [r for r in self.task_rows if code(r["DAG"]) == dag_id]
            with self.subTest(dag=dag_id):
                self.assertEqual(sorted(dag.tasks), sorted(code(r["task"]) for r in rows))
                for row in rows:
                    task = dag.tasks[code(row["task"])]
                    after = {a.strip(" `") for a in row["after"].split(",") if a.strip()}
                    self.assertEqual(task.upstream_task_ids, after, task.task_id)

    def test_retries_and_waiting_for_the_past_are_as_documented(self):
        for row in self.task_rows:
            task = self.dags[code(row["DAG"])].tasks[code(row["task"])]
            with self.subTest(task=task.task_id):
                self.assertEqual(task.retries, int(row["retries"]))
                waits = {"yes": True, "no": False}[row["waits for the past"]]
                self.assertEqual(task.depends_on_past, waits)
                self.assertEqual(task.wait_for_downstream, waits)
                if task.retries:
                    self.assertEqual(task.retry_delay.total_seconds(), 600)

    def test_commands_are_as_documented(self):
        for row in self.task_rows:
            task = self.dags[code(row["DAG"])].tasks[code(row["task"])]
            with self.subTest(task=task.task_id):
                if type(task).__name__ == SPARK_SUBMIT:
                    command = " ".join(task.application_args)
                else:
                    self.assertEqual(type(task).__name__, "FileSensor")
                    command = task.filepath
                self.assertEqual(as_documented(command, self.short_names), code(row["command"]))

    def test_spark_tasks_submit_the_job_jar_through_the_connection_in_the_pool(self):
        spark_tasks = [
            t for d in self.dags.values() for t in d.tasks.values()
            if type(t).__name__ == SPARK_SUBMIT
        ]
        self.assertEqual(len(spark_tasks), 10)
        for task in spark_tasks:
            with self.subTest(task=task.task_id):
                self.assertEqual(task.application, "{{ var.value.segmentflow_job_jar }}")
                self.assertEqual(task.java_class, MAIN_CLASS)
                self.assertEqual(task.conn_id, "segmentflow_spark")
                self.assertEqual(task.pool, "segmentflow_lakehouse")
                self.assertIn("application_args", type(task).template_fields)

    def test_every_variable_used_is_documented_with_its_default(self):
        documented = {code(r["Variable"]): code(r["default"]) for r in self.variable_rows}
        used = {}
        for dag in self.dags.values():
            for task in dag.tasks.values():
                for field in type(task).template_fields:
                    value = getattr(task, field, None)
                    for text in value if isinstance(value, list) else [value]:
                        if isinstance(text, str):
                            for name, default in variables_used(text):
                                used[name] = default or ""
        self.assertEqual(used, documented)

    def test_the_main_class_is_in_the_job_jar(self):
        self.assertTrue(JOB_JAR.is_file(), f"{JOB_JAR} is not built: mvn -B -DskipTests package")
        with zipfile.ZipFile(JOB_JAR) as jar:
            self.assertIn(MAIN_CLASS.replace(".", "/") + ".class", jar.namelist())
            manifest = jar.read("META-INF/MANIFEST.MF").decode()
        self.assertIn("Main-Class: " + MAIN_CLASS, manifest)


if __name__ == "__main__":
    unittest.main()
