"""Spark SQL on the segmentflow lakehouse from a notebook, without PySpark: JPype starts a JVM in
the kernel with the Spark and Delta classpath of the Maven build, and a local[2] SparkSession
with Delta Lake; query results come back as pandas DataFrames.

    from segmentflow_notebook import sql
    sql("SELECT segment_id, total FROM {segment_counts} WHERE run_id = '...'")

`{table}` in a query names a lakehouse table (memberships, segment_counts, contacts, ...: see
TABLES) as delta.`ROOT/output/...`. The lakehouse is the folder or URI in the environment
variable SEGMENTFLOW_LAKEHOUSE (default: the demo's ../lakehouse). Build the project first
(mvn -B -DskipTests package): the JVM uses batch-jobs/target/spark-classpath.txt and the job jar.
"""

import json
import os
import re
from pathlib import Path

import jpype
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
LAKEHOUSE = os.environ.get("SEGMENTFLOW_LAKEHOUSE", str(ROOT / "lakehouse")).rstrip("/")

# Where each table lives below the lakehouse root (batch-jobs' Lakehouse.java).
TABLES = {
    name: f"delta.`{LAKEHOUSE}/{area}/{name}`"
    for area, names in {
        "input": ["contacts", "companies", "events", "list_actions", "quarantine", "ingestions"],
        "output": ["memberships", "membership_changes", "segment_counts", "contact_features",
                   "runs"],
    }.items()
    for name in names
}

JPYPE_SUPPORT_JAR = "/usr/share/java/org.jpype.jar"  # Debian's python3-jpype needs it on the path
_session = None


def _classpath():
    target = ROOT / "batch-jobs" / "target"
    jars = sorted(target.glob("batch-jobs-*-job.jar"))
    spark_classpath = target / "spark-classpath.txt"
    if not jars or not spark_classpath.is_file():
        raise RuntimeError(f"build the project first (mvn -B -DskipTests package): no job jar or "
                           f"spark-classpath.txt in {target}")
    entries = [str(jars[0])] + spark_classpath.read_text().strip().split(os.pathsep)
    if os.path.isfile(JPYPE_SUPPORT_JAR):
        entries.append(JPYPE_SUPPORT_JAR)
    return entries


def _java_options():
    """What spark-submit adds on Java 17 (batch-jobs/pom.xml keeps it as spark.java.options)."""
    pom = (ROOT / "batch-jobs" / "pom.xml").read_text()
    return re.search(r"<spark.java.options>(.*)</spark.java.options>", pom).group(1).split()


def spark():
    """The notebook's SparkSession (started once per kernel)."""
    global _session
    if _session is None:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        if not jpype.isJVMStarted():
            log4j = ROOT / "batch-jobs" / "src" / "main" / "resources" / "log4j2-cli.properties"
            jpype.startJVM(
                *_java_options(),
                os.environ.get("SEGMENTFLOW_NOTEBOOK_HEAP", "-Xmx2g"),
                f"-Dlog4j2.configurationFile={log4j}",
                classpath=_classpath(),
                convertStrings=True,
            )
        SparkSession = jpype.JClass("org.apache.spark.sql.SparkSession")
        _session = (
            SparkSession.builder()
            .master("local[2]")
            .appName("segmentflow-notebook")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config("spark.sql.catalog.spark_catalog",
                    "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.databricks.delta.snapshotPartitions", "1")
            .getOrCreate()
        )
    return _session


def sql(query, **values):
    """Runs a Spark SQL query and returns its rows as a pandas DataFrame. `{name}` in the query is
    a table of TABLES, or one of the keyword arguments (inserted as they are: quote texts)."""
    df = spark().sql(query.format(**TABLES, **values))
    fields = list(df.schema().fields())
    columns = [str(f.name()) for f in fields]
    rows = [json.loads(str(row)) for row in df.toJSON().collectAsList()]
    frame = pd.DataFrame(rows, columns=columns)  # JSON leaves NULL fields out: columns= keeps them
    for field in fields:
        kind = str(field.dataType().typeName())
        name = str(field.name())
        if kind == "timestamp":
            frame[name] = pd.to_datetime(frame[name], utc=True)
        elif kind == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif kind.startswith("decimal"):
            frame[name] = pd.to_numeric(frame[name])
    return frame


def latest_run():
    """The latest run's id and evaluation time."""
    row = sql("SELECT run_id, as_of FROM {runs} ORDER BY as_of DESC LIMIT 1").iloc[0]
    return row["run_id"], row["as_of"]
