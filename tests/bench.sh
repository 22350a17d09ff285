#!/bin/sh
# bench.sh: speed and memory figures (make bench).  Medians of repeated
# runs; never run two benchmarks at once on a shared machine.
set -eu
cd "$(dirname "$0")/.."
echo "bench: nothing yet"
