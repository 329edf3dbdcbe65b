#!/usr/bin/env bash
# Minerua vs ONNX Runtime on real models: ./benchmarks/run-models.sh [--models a,b] [--threads 1,2]
#   [--optimizer] [--memory] [--backend cpu|opencl] [--markdown FILE] [--svg FILE] ...
# (--help lists every option; docs/BENCHMARKS.md explains the method). Run from anywhere; the default
# model list is read from ../shared relative to the repository root (or $MINERUA_SHARED_DIR).
# Needs a JDK 25+ and the jars built by: ./mvnw -q install -DskipTests
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
if [ -z "$JAVA" ] || ! "$JAVA" -version 2>&1 | grep -q 'version "2[5-9]\|version "[3-9][0-9]'; then
    JAVA=""
    for candidate in /usr/lib/jvm/*/bin/java "$(command -v java || true)"; do
        if [ -x "$candidate" ] && "$candidate" -version 2>&1 | grep -q 'version "2[5-9]\|version "[3-9][0-9]'; then
            JAVA="$candidate"
            break
        fi
    done
fi
if [ -z "$JAVA" ]; then
    echo "run-models: no JDK 25 or newer found (set JAVA_HOME)" >&2
    exit 1
fi

shopt -s nullglob
jars=("$here"/target/minerua-benchmarks-*.jar)
shopt -u nullglob
if [ "${#jars[@]}" -eq 0 ] || [ ! -d "$here/target/lib" ]; then
    echo "run-models: build first: (cd \"$root\" && ./mvnw -q install -DskipTests)" >&2
    exit 1
fi

cd "$root"
# Each model is measured in a child JVM started with these same flags.
exec "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -Xmx8g ${MINERUA_JAVA_OPTS:-} \
    -cp "${jars[0]}:$here/target/lib/*" dev.minerua.bench.ModelBenchmark "$@" \
    2> >(grep -v --line-buffered '^WARNING: Using incubator modules: jdk\.incubator\.vector$' >&2)
