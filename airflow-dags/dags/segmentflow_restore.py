"""The first step of a backfill: undo the recompute runs of the logical dates to backfill, so
that `airflow dags backfill segmentflow_nightly` can recompute them in order and replace them.
Trigger it with the first logical date to backfill:

    airflow dags trigger segmentflow_restore --conf '{"first_logical_date": "2026-11-19"}'

The run of logical date D is as of the end of D, so the runs as of D + 1 day and later are undone.
README.md in this folder has the whole procedure."""

from airflow import DAG

from segmentflow_common import DEFAULT_ARGS, LAKEHOUSE, START_DATE, batch_task

with DAG(
    dag_id="segmentflow_restore",
    description="Undo the runs from a logical date on, before a backfill",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"first_logical_date": ""},
    tags=["segmentflow"],
) as dag:
    restore = batch_task(
        "restore",
        [
            "restore",
            "--lakehouse", LAKEHOUSE,
            "--runs-from", "{{ macros.ds_add(params.first_logical_date, 1) }}T00:00:00Z",
        ],
    )
