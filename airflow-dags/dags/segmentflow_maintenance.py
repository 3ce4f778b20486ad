"""Weekly compaction and vacuum of the lakehouse's Delta tables. VACUUM keeps the files of the
last segmentflow_vacuum_retention_hours (default 168, Delta's safety limit): time travel to a
run's memberships, and restore before a backfill, reach back that far."""

from airflow import DAG

from segmentflow_common import DEFAULT_ARGS, LAKEHOUSE, START_DATE, batch_task

with DAG(
    dag_id="segmentflow_maintenance",
    description="Compact (OPTIMIZE) and vacuum the lakehouse's Delta tables",
    schedule="0 12 * * 0",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["segmentflow"],
) as dag:
    compact = batch_task("compact", ["maintain", "--lakehouse", LAKEHOUSE, "--no-vacuum"])
    vacuum = batch_task(
        "vacuum",
        [
            "maintain",
            "--lakehouse", LAKEHOUSE,
            "--no-optimize",
            "--retention-hours",
            "{{ var.value.get('segmentflow_vacuum_retention_hours', '168') }}",
        ],
    )
    compact >> vacuum
