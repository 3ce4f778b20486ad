#!/usr/bin/env bash
# Builds the project and runs the pipeline end to end on embedded defaults, in ./lakehouse.
# What it runs grows with the project; today: validate the example definitions, generate a sample
# data set, and evaluate every example segment over it with the reference evaluator.
set -euo pipefail
cd "$(dirname "$0")"

LAKEHOUSE=${LAKEHOUSE:-lakehouse}
AS_OF=${AS_OF:-$(date -u +%Y-%m-%dT00:00:00Z)}
CONTACTS=${CONTACTS:-20000}

echo "== Building (tests skipped: run 'mvn -B verify' for them)"
mvn -B -q -DskipTests package
cli() { java -jar segments/target/segments-0.1.0-SNAPSHOT-cli.jar "$@"; }

echo "== Checking the example segment definitions in examples/definitions"
cli validate examples/definitions

echo "== Generating $CONTACTS sample contacts with their events into $LAKEHOUSE/input"
cli generate --contacts "$CONTACTS" --as-of "$AS_OF" --output "$LAKEHOUSE/input"

echo "== Evaluating every example segment as of $AS_OF"
cli evaluate --definitions examples/definitions --data "$LAKEHOUSE/input" --as-of "$AS_OF"

echo
echo "The sample data is in $LAKEHOUSE/input (JSON Lines). Try your own definitions with:"
echo "  java -jar segments/target/segments-0.1.0-SNAPSHOT-cli.jar validate path/to/definitions"
