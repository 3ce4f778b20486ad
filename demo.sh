#!/usr/bin/env bash
# Builds the project and runs the pipeline end to end on embedded defaults (local Spark, a lakehouse
# folder on disk): sample data -> ingestion -> nightly recompute -> explain, export, snapshot ->
# hand-over -> the streaming job (in-process Kafka, local Flink) on a minute of live events. The batch
# steps run as two command lines of several commands each (one Spark application each).
set -euo pipefail
cd "$(dirname "$0")"

LAKEHOUSE=${LAKEHOUSE:-lakehouse}
# Absolute: Delta refuses a relative location when it creates a table ("not a valid name").
case "$LAKEHOUSE" in /*) ;; *) LAKEHOUSE="$PWD/$LAKEHOUSE" ;; esac
AS_OF=${AS_OF:-$(date -u +%Y-%m-%dT00:00:00Z)}
CONTACTS=${CONTACTS:-10000}
STREAM_DURATION=${STREAM_DURATION:-PT1M}
DEFINITIONS=examples/definitions

step() { printf '\n== %s\n' "$*"; }
segments() { java -jar segments/target/segments-0.1.0-SNAPSHOT-cli.jar "$@"; }
batch() { bin/segmentflow-batch "$@"; }

step "Building (tests skipped: 'mvn -B verify' runs them)"
mvn -B -q -DskipTests package
built=$SECONDS

step "Checking the example segment definitions in $DEFINITIONS"
segments validate "$DEFINITIONS"

step "Generating $CONTACTS sample contacts with their events (as of $AS_OF)"
rm -rf "$LAKEHOUSE"
segments generate --contacts "$CONTACTS" --as-of "$AS_OF" --output "$LAKEHOUSE/landing" 2>/dev/null

LOG="$LAKEHOUSE/logs"
mkdir -p "$LOG" "$LAKEHOUSE/exports"

# Several batch commands given one after another run in one Spark application (docs/batch-jobs.md),
# the same commands without a JVM start and a cold Spark each. Each command's output comes under a
# step title, whole or cut (MODES, a word per command: all; runs, its recompute summary lines
# only; brief, its lines that are not indented). Spark's own messages go to $LOG.
FILTER='
BEGIN { split(modes, mode, " "); split(titles, title, "|") }
/^== \[[0-9]+\/[0-9]+\] / { i++; sub(/^== \[[0-9]+\/[0-9]+\] /, ""); printf "\n== %s\n$ segmentflow-batch %s\n", title[i], $0; next }
mode[i] == "all" { print; next }
mode[i] == "runs" && /^(recompute-|Repeating )/ { print; next }
mode[i] == "brief" && !/^  / { print }'
run_batch() { # NAME MODES TITLES COMMAND...
  local name=$1 modes=$2 titles=$3
  shift 3
  if ! batch "$@" 2> "$LOG/$name.log" | awk -v modes="$modes" -v titles="$titles" "$FILTER"; then
    echo "A batch command failed; the end of $LOG/$name.log:" >&2
    tail -20 "$LOG/$name.log" >&2
    exit 1
  fi
}

ingests=()
titles=""
for kind in companies contacts events list_actions; do
  ingests+=(ingest --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --kind "$kind" --format jsonl
    --input "$LAKEHOUSE/landing/$kind.jsonl")
  titles+="Ingesting the $kind into the lakehouse's Delta tables (bad rows would go to quarantine)|"
done
run_batch ingest "all all all all" "$titles" "${ingests[@]}"

RUN_ID="recompute-$(date -u -d "$AS_OF" +%Y%m%dT%H%M%S.000Z)"
day() { date -u -d "$AS_OF - $1 day" +%Y-%m-%dT%H:%M:%SZ; }
run_batch nightly "runs runs all runs all all brief all" "$(printf '%s|' \
  "An earlier nightly run, as of two days before (sizes get a trend for the notebooks)" \
  "The nightly run of the day before" \
  "Nightly recompute of every segment as of $AS_OF" \
  "Repeating it, as a retried job would: the same result, no duplicate rows" \
  "Why is contact c-000000042 in or out of 'vip-newsletter-reengage'?" \
  "Exporting 'clients-fr-3-orders' for a campaign" \
  "Publishing a snapshot of the run for senders" \
  "Handing the run over to the stream: every contact's state as of $AS_OF")" \
  recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$(day 2)" \
  recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$(day 1)" \
  recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF" \
  recompute --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF" \
  explain --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --as-of "$AS_OF" \
    --segment vip-newsletter-reengage --contact c-000000042 \
  export --lakehouse "$LAKEHOUSE" --segment clients-fr-3-orders \
    --columns email,first_name,last_name,entered_at --output "$LAKEHOUSE/exports/clients-fr-3-orders.xlsx" \
  publish --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --run-id "$RUN_ID" --as-of "$AS_OF" \
  handover --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" --run-id "$RUN_ID"

step "Streaming from the hand-over: in-process Kafka and the Flink job, $STREAM_DURATION of live events"
bin/segmentflow-stream demo --lakehouse "$LAKEHOUSE" --definitions "$DEFINITIONS" \
  --handover "$LAKEHOUSE/handover/$RUN_ID" --duration "$STREAM_DURATION"

cat <<EOF_SUMMARY

Done in $(((SECONDS - built) / 60)) min $(((SECONDS - built) % 60)) s after the build ($built s). Outputs in $LAKEHOUSE/:
  input/{contacts,companies,events,list_actions,quarantine}   Delta input tables
  output/memberships, output/membership_changes               current members and each run's entries/exits
  output/segment_counts, output/runs, output/contact_features counts per run, run log, features
  snapshots/$RUN_ID/                     Parquet member files + manifest.json for senders
  handover/$RUN_ID/                      ContactSnapshot files + _manifest.json for the stream
  stream-checkpoints/                                         the streaming job's checkpoints, final savepoint
  exports/clients-fr-3-orders.xlsx                            an export
  logs/                                                       Spark's messages of the batch steps
Query them with Spark SQL, e.g.:
  SELECT segment_id, total, entered, exited FROM delta.\`$LAKEHOUSE/output/segment_counts\`
The stream's feeds (segmentflow.membership-changes, segmentflow.memberships) were topics of the
in-process broker: docs/streaming.md runs the job on your Kafka and shows senders how to consume them.
Analysts: the notebooks in notebooks/ read this lakehouse; docs/analysts.md explains them.
Docs: docs/data-engineers.md (deploying and running both jobs), docs/analysts.md (tables, queries),
docs/senders.md (feeds, keys, schemas), docs/segment-language.md (the language).
EOF_SUMMARY
