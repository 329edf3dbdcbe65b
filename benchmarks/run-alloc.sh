#!/usr/bin/env bash
# Bytes allocated per steady-state run of each shared model, from JMH's GC profiler (gc.alloc.rate.norm),
# against the outputs of a run: ./benchmarks/run-alloc.sh [JMH options], e.g.
#   ./benchmarks/run-alloc.sh -p model=mnist-8,silero-vad-v5 -p threads=1
# Prints JMH's log, then a Markdown table: model, threads, output bytes, bytes/op, bytes/op - outputs.
# Same JVM and class path as run-jmh.sh (build first: ./mvnw -q install -DskipTests).
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec env MINERUA_JMH_MAIN=dev.minerua.bench.ModelRunAllocationReport "$here/run-jmh.sh" "$@"
