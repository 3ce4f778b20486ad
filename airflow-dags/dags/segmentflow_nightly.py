"""The nightly segment recompute: wait for the day's files, ingest them, recompute every
segment as of the end of the day, check the results, and publish them only if every check
passed. Each task reads and writes the partition or run of its logical date, so a retry or a
backfill replaces its results instead of adding to them (see README.md in this folder)."""

from datetime import timedelta

from airflow import DAG
from airflow.sensors.filesystem import FileSensor

from segmentflow_common import (
    AS_OF,
    DAY_LANDING,
    DEFAULT_ARGS,
    DEFINITIONS,
    LAKEHOUSE,
    LANDING_FS_CONN_ID,
    RUN_ID,
    START_DATE,
    batch_task,
)

KINDS = ["companies", "contacts", "events", "list_actions"]

with DAG(
    dag_id="segmentflow_nightly",
    description="Ingest the day's files, recompute every segment, check, publish",
    schedule="@daily",
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["segmentflow"],
) as dag:
    # The landing job writes _SUCCESS when the day's files are complete (ingest skips _ files).
    wait_for_landing = FileSensor(
        task_id="wait_for_landing",
        fs_conn_id=LANDING_FS_CONN_ID,
        filepath=DAY_LANDING + "/_SUCCESS",
        mode="reschedule",
        poke_interval=timedelta(minutes=5).total_seconds(),
        timeout=timedelta(hours=6).total_seconds(),
        retries=0,
    )

    # One after the other: they all merge into the quarantine table and the ingestion log.
    ingests = [
        batch_task(
            f"ingest_{kind}",
            [
                "ingest",
                "--lakehouse", LAKEHOUSE,
                "--definitions", DEFINITIONS,
                "--kind", kind,
                "--format", "jsonl",
                "--input", f"{DAY_LANDING}/{kind}.jsonl",
            ],
        )
        for kind in KINDS
    ]

    # Memberships only move forward: a day waits for the previous day's recompute and check.
    recompute = batch_task(
        "recompute",
        ["recompute", "--lakehouse", LAKEHOUSE, "--definitions", DEFINITIONS, "--as-of", AS_OF],
        depends_on_past=True,
        wait_for_downstream=True,
    )

    # A failed check is not retried (the data would not change): it stops publication.
    check = batch_task(
        "check",
        [
            "check",
            "--lakehouse", LAKEHOUSE,
            "--as-of", AS_OF,
            "--landing", DAY_LANDING,
            "--max-change-ratio", "{{ var.value.get('segmentflow_max_change_ratio', '0.5') }}",
            "--min-change", "{{ var.value.get('segmentflow_min_change', '50') }}",
            "--allow-empty={{ var.value.get('segmentflow_allow_empty', '') }}",
            "--max-quarantine-rate",
            "{{ var.value.get('segmentflow_max_quarantine_rate', '0.05') }}",
        ],
        retries=0,
    )

    publish = batch_task(
        "publish",
        [
            "publish",
            "--lakehouse", LAKEHOUSE,
            "--definitions", DEFINITIONS,
            "--run-id", RUN_ID,
            "--as-of", AS_OF,
        ],
    )

    wait_for_landing >> ingests[0]
    for before, after in zip(ingests, ingests[1:]):
        before >> after
    ingests[-1] >> recompute >> check >> publish
