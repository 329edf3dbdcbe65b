#!/usr/bin/env bash
# JMH micro-benchmarks: ./benchmarks/run-jmh.sh [JMH options] [benchmark regex]
#   e.g. ./benchmarks/run-jmh.sh FmaPeak      ./benchmarks/run-jmh.sh -l      ./benchmarks/run-jmh.sh -h
# Runs org.openjdk.jmh.Main from benchmarks/target (build first: ./mvnw -q install -DskipTests).
# Forked benchmark JVMs inherit these JVM flags. MINERUA_JMH_MAIN names another main class (run-alloc.sh).
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
[ -n "$JAVA" ] || { echo "run-jmh: no JDK 25 or newer found (set JAVA_HOME)" >&2; exit 1; }
shopt -s nullglob
jars=("$here"/target/minerua-benchmarks-*.jar)
shopt -u nullglob
[ "${#jars[@]}" -gt 0 ] || { echo "run-jmh: build first: (cd \"$root\" && ./mvnw -q install -DskipTests)" >&2; exit 1; }
cd "$root"
exec "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -Xmx6g ${MINERUA_JAVA_OPTS:-} \
    -cp "${jars[0]}:$here/target/lib/*" "${MINERUA_JMH_MAIN:-org.openjdk.jmh.Main}" "$@"
