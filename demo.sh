#!/usr/bin/env bash
# Builds the project and runs the pipeline end to end on embedded defaults (local Spark, a lakehouse
# folder on disk): sample data -> ingestion -> nightly recompute -> explain, export, snapshot ->
# hand-over -> the streaming job (in-process Kafka, local Flink) on a few minutes of live events.
set -euo pipefail
cd "$(dirname "$0")"

LAKEHOUSE=${LAKEHOUSE:-lakehouse}
# Absolute: Delta refuses a relative location when it creates a table ("not a valid name").
case "$LAKEHOUSE" in /*) ;; *) LAKEHOUSE="$PWD/$LAKEHOUSE" ;; esac
AS_OF=${AS_OF:-$(date -u +%Y-%m-%dT00:00:00Z)}
CONTACTS=${CONTACTS:-10000}
STREAM_DURATION=${STREAM_DURATION:-PT2M}
DEFINITIONS=examples/definitions

step() { printf '\n== %s\n' "$*"; }
segments() { java -jar segments/target/segments-0.1.0-SNAPSHOT-cli.jar "$@"; }
batch() { bin/segmentflow-batch "$@"; }

step "Building (tests skipped: 'mvn -B verify' runs them)"
mvn -B -q -DskipTests package

step "Checking the example segment definitions in $DEFINITIONS"
segments validate "$DEFINITIONS"

step "Generating $CONTACTS sample contacts with their events (as of $AS_OF)"
rm -rf "$LAKEHOUSE"
segments generate --contacts "$CONTACTS" --as-of "$AS_OF" --output "$LAKEHOUSE/landing" 2>/dev/null

step "Ingesting them into the lakehouse's Delta tables (bad rows would go to quarantine)"
for kind in companies contacts events list_actions; do
  batch ingest --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --kind "$kind" --format jsonl \
    --input "$LAKEHOUSE/landing/$kind.jsonl"
done

step "Two earlier nightly runs, as of the two days before (sizes get a trend for the notebooks)"
for back in 2 1; do
  batch recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" \
    --as-of "$(date -u -d "$AS_OF - $back day" +%Y-%m-%dT%H:%M:%SZ)" | grep -E '^recompute-'
done

step "Nightly recompute of every segment as of $AS_OF"
batch recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF"

step "Repeating it, as a retried job would: the same result, no duplicate rows"
batch recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF" | tail -n +1 | grep -E '^recompute-'

step "Why is contact c-000000042 in or out of 'vip-newsletter-reengage'?"
batch explain --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF" \
  --segment vip-newsletter-reengage --contact c-000000042

step "Exporting 'clients-fr-3-orders' for a campaign, and publishing a snapshot for senders"
mkdir -p "$LAKEHOUSE/exports"
batch export --lakehouse "$LAKEHOUSE" --segment clients-fr-3-orders \
  --columns email,first_name,last_name,entered_at --output "$LAKEHOUSE/exports/clients-fr-3-orders.xlsx" 2>/dev/null
RUN_ID="recompute-$(date -u -d "$AS_OF" +%Y%m%dT%H%M%S.000Z)"
batch publish --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --run-id "$RUN_ID" --as-of "$AS_OF" 2>/dev/null | tail -3

step "Handing the run over to the stream: every contact's state as of $AS_OF"
batch handover --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --run-id "$RUN_ID" 2>/dev/null

step "Streaming from the hand-over: in-process Kafka and the Flink job, $STREAM_DURATION of live events"
bin/segmentflow-stream demo --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" \
  --handover "$LAKEHOUSE/handover/$RUN_ID" --duration "$STREAM_DURATION"

cat <<EOF_SUMMARY

Done. Outputs in $LAKEHOUSE/:
  input/{contacts,companies,events,list_actions,quarantine}   Delta input tables
  output/memberships, output/membership_changes               current members and each run's entries/exits
  output/segment_counts, output/runs, output/contact_features counts per run, run log, features
  snapshots/$RUN_ID/                     Parquet member files + manifest.json for senders
  handover/$RUN_ID/                      ContactSnapshot files + _manifest.json for the stream
  stream-checkpoints/                                         the streaming job's checkpoints, final savepoint
  exports/clients-fr-3-orders.xlsx                            an export
Query them with Spark SQL, e.g.:
  SELECT segment_id, total, entered, exited FROM delta.\`$LAKEHOUSE/output/segment_counts\`
The stream's feeds (segmentflow.membership-changes, segmentflow.memberships) were topics of the
in-process broker: docs/streaming.md runs the job on your Kafka and shows senders how to consume them.
Analysts: the notebooks in notebooks/ read this lakehouse; docs/analysts.md explains them.
Docs: docs/batch-jobs.md and docs/streaming.md (data engineers, senders), docs/segment-language.md (the language).
EOF_SUMMARY
