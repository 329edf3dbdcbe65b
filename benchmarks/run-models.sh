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
flags=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED
    --sun-misc-unsafe-memory-access=allow -Xmx8g ${MINERUA_JAVA_OPTS:-})
cp="${jars[0]}:$here/target/lib/*"

# --aot-cache FILE: the JVM uses a cache only with the class path and flags it was recorded with, so FILE is
# recorded here, with the benchmark's own, when it is missing or older than a jar. The workload is generic
# (the demo and a few backend-test node cases, none of the benchmarked models); see docs/BENCHMARKS.md.
aot_cache="" shared="${MINERUA_SHARED_DIR:-$root/../shared}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[i]}" in
        --aot-cache) aot_cache="${args[i + 1]:-}" ;;
        --shared) shared="${args[i + 1]:-}" ;;
    esac
done
if [ -n "$aot_cache" ]; then
    stale=1
    if [ -f "$aot_cache" ]; then
        stale=0
        for j in "${jars[0]}" "$here"/target/lib/*.jar; do
            if [ "$j" -nt "$aot_cache" ]; then stale=1; fi
        done
    fi
    if [ "$stale" = 1 ]; then
        cases=()
        for c in conv_with_strides_padding conv_with_autopad_same maxpool_2d_pads averagepool_2d_default \
                globalaveragepool batchnorm_epsilon relu sigmoid tanh clip gemm_default_single_elem_vector_bias \
                matmul_2d softmax_axis_1 layer_normalization_2d_axis0 lstm_defaults add_bcast sub_bcast mul_bcast \
                concat_3d_axis_1 reshape_reordered_all_dims transpose_default flatten_axis1 unsqueeze_axis_0 \
                squeeze slice shape gather_0 where_example reduce_mean_default_axes_keepdims_example; do
            if [ -d "$shared/onnx-backend-tests/node/test_$c" ]; then
                cases+=("$shared/onnx-backend-tests/node/test_$c")
            fi
        done
        echo "run-models: recording the AOT cache $aot_cache (demo and ${#cases[@]} node cases; log: $aot_cache.log)" >&2
        rm -f "$aot_cache"
        "$JAVA" "${flags[@]}" -XX:AOTCacheOutput="$aot_cache" -cp "$cp" dev.minerua.cli.Main aot-workload \
            ${cases[@]+"${cases[@]}"} >"$aot_cache.log" 2>&1 || true
        if [ ! -f "$aot_cache" ]; then
            tail -n 20 "$aot_cache.log" >&2
            echo "run-models: the JVM did not write $aot_cache; see $aot_cache.log" >&2
            exit 1
        fi
    fi
fi

exec "$JAVA" "${flags[@]}" -cp "$cp" dev.minerua.bench.ModelBenchmark "$@" \
    2> >(grep -v --line-buffered '^WARNING: Using incubator modules: jdk\.incubator\.vector$' >&2)
