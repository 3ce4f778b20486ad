"""What every segmentflow DAG shares: how a batch command is submitted, and where the
configuration comes from (Airflow Variables and Connections, never this code).

Variables (Admin > Variables), read when a task runs through templates:

    segmentflow_job_jar          the job jar built by Maven (batch-jobs-0.1.0-SNAPSHOT-job.jar)
    segmentflow_lakehouse        the lakehouse root: s3a://..., abfss://..., hdfs://... or a folder
    segmentflow_landing          the landing root: the day's files are in dt=YYYY-MM-DD/ below it
    segmentflow_definitions      the segment definitions folder, on the machine of the driver
    segmentflow_spark_packages   optional: --packages for spark-submit (default: Delta 4.0.1)
    segmentflow_max_change_ratio, segmentflow_min_change, segmentflow_allow_empty,
    segmentflow_max_quarantine_rate, segmentflow_vacuum_retention_hours: optional bounds

Connections: `segmentflow_spark` (type Spark: the master, e.g. yarn, spark://host:7077,
k8s://...; deploy mode client, since the definitions folder is read by the driver: commands
given --definitions-table instead read the lakehouse's definitions table, and could run in
cluster mode, docs/batch-jobs.md) and
`segmentflow_landing_fs` (type File (path): the file system the landing sensor looks at).
The README of this folder has the task graph, schedules and retries.
"""

from datetime import datetime, timedelta, timezone

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

SPARK_CONN_ID = "segmentflow_spark"
LANDING_FS_CONN_ID = "segmentflow_landing_fs"
MAIN_CLASS = "io.segmentflow.batch.cli.BatchCli"
# One slot: the Spark tasks of every segmentflow DAG run one at a time, so compaction or a
# restore never overlaps a nightly write (create it: airflow pools set segmentflow_lakehouse 1 ...).
POOL = "segmentflow_lakehouse"

START_DATE = datetime(2026, 11, 1, tzinfo=timezone.utc)

JOB_JAR = "{{ var.value.segmentflow_job_jar }}"
LAKEHOUSE = "{{ var.value.segmentflow_lakehouse }}"
LANDING = "{{ var.value.segmentflow_landing }}"
DEFINITIONS = "{{ var.value.segmentflow_definitions }}"
PACKAGES = "{{ var.value.get('segmentflow_spark_packages', 'io.delta:delta-spark_2.13:4.0.1') }}"

# The day's landing partition: the nightly run of logical date ds ingests what landed on ds ...
DAY_LANDING = LANDING + "/dt={{ ds }}"
# ... and evaluates every segment at the end of that day, the end of its data interval
# (run ids are named after it: recompute-20261123T000000.000Z for logical date 2026-11-22).
AS_OF = "{{ data_interval_end | ts }}"
RUN_ID = "recompute-{{ data_interval_end | ts_nodash }}.000Z"

DEFAULT_ARGS = {
    "owner": "segmentflow",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}


def batch_task(task_id, command, **kwargs):
    """A batch command of the job jar (bin/segmentflow-batch COMMAND ... locally), submitted
    with spark-submit to the master of the segmentflow_spark connection."""
    return SparkSubmitOperator(
        task_id=task_id,
        application=JOB_JAR,
        java_class=MAIN_CLASS,
        conn_id=SPARK_CONN_ID,
        packages=PACKAGES,
        name="segmentflow-" + task_id,
        application_args=command,
        pool=POOL,
        **kwargs,
    )
