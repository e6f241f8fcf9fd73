#!/usr/bin/env bash
# Sidecar benchmarks, in one run (figures go in bench/README.md, section "Sidecar"):
#   1. upload: a synthetic block of >= 1 GB (seeded random-walk gauges, ~9 bytes a sample) shipped by the shipper
#      (hard-link, meta.json last) to S3Proxy (filesystem back end, same JVM) with multipart uploads; MB/s.
#   2. remote read: Prometheus 2.42 over a synthetic block of counters; samples/s of a Series call through
#      PrometheusStore (STREAMED_XOR_CHUNKS, SAMPLES) vs Prometheus's own query API on the same data.
#
#   bench/scripts/sidecar-bench.sh [--upload-series=10000] [--upload-samples=16000] [--part-size-mb=64]
#                                  [--read-series=1000] [--read-samples=7200] [--runs=5]
#                                  [--skip-upload] [--skip-read] [--no-build]
#
# Needs: prometheus on the PATH (apt-get install prometheus), a JDK >= 21 (found by bin/strata), ~4 GB in $TMPDIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
UP_SERIES=10000 UP_SAMPLES=16000 PART=64 RD_SERIES=1000 RD_SAMPLES=7200 RUNS=5 BUILD=1 UPLOAD=1 READ=1
for a in "$@"; do
  case "$a" in
    --upload-series=*) UP_SERIES="${a#*=}" ;;
    --upload-samples=*) UP_SAMPLES="${a#*=}" ;;
    --part-size-mb=*) PART="${a#*=}" ;;
    --read-series=*) RD_SERIES="${a#*=}" ;;
    --read-samples=*) RD_SAMPLES="${a#*=}" ;;
    --runs=*) RUNS="${a#*=}" ;;
    --skip-upload) UPLOAD=0 ;;
    --skip-read) READ=0 ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done

W="$(mktemp -d "${TMPDIR:-/tmp}/strata-sidecar-bench.XXXXXX")"
PROM_PID=""
cleanup() { [ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

JAVA_HOME="$("$ROOT/bin/strata" java-home)"
[ "$BUILD" = 1 ] && "$ROOT/bin/strata" build -q -pl bench -am >/dev/null
(cd "$ROOT" && JAVA_HOME="$JAVA_HOME" ./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$W/cp.txt" >/dev/null)
CP="$ROOT/bench/target/classes:$(cat "$W/cp.txt")"
# Warnings only: S3Proxy's Jetty logs every request at DEBUG by default, which would dominate the upload time.
printf '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target><encoder><pattern>%%d{HH:mm:ss} %%level %%logger{20} %%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="E"/></root></configuration>\n' > "$W/logback.xml"
bench() {
  "$JAVA_HOME/bin/java" -Dlogback.configurationFile="$W/logback.xml" ${STRATA_JAVA_OPTS:-} -cp "$CP" \
    io.strata.bench.sidecar.SidecarBench "$@" 2> >(grep -v -e '^WARNING: ' >&2)
}
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"

if [ "$UPLOAD" = 1 ]; then
  echo "== upload =="
  mkdir -p "$W/up/data"
  bench gen-block --dir="$W/up/data" --series="$UP_SERIES" --samples="$UP_SAMPLES" --interval-ms=1000 \
    --start-ms=1700000000000 --random=true
  du -sb "$W/up/data" | awk '{printf "block on disk: %.1f MB\n", $1/1e6}'
  bench upload --data="$W/up/data" --s3-dir="$W/up/s3" --part-size-mb="$PART"
  rm -rf "$W/up"
fi

if [ "$READ" = 1 ]; then
  command -v prometheus >/dev/null || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }
  echo "== remote read =="
  NOW_MS=$(( $(date +%s) * 1000 ))
  START=$(( (NOW_MS - 4 * 3600000) / 7200000 * 7200000 ))
  END=$(( START + (RD_SAMPLES - 1) * 1000 ))
  mkdir -p "$W/prom/data"
  bench gen-block --dir="$W/prom/data" --series="$RD_SERIES" --samples="$RD_SAMPLES" --interval-ms=1000 \
    --start-ms="$START" --random=false
  printf 'global:\n  external_labels:\n    cluster: bench\n    replica: "0"\n' > "$W/prom/prometheus.yml"
  PORT=$(( 20000 + RANDOM % 20000 ))
  prometheus --config.file="$W/prom/prometheus.yml" --storage.tsdb.path="$W/prom/data" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PORT" --log.level=warn \
    >"$W/prom/log" 2>&1 &
  PROM_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null && break; sleep 0.2; done
  bench remote-read --url="http://127.0.0.1:$PORT" --start-ms="$START" --end-ms="$END" --runs="$RUNS"
fi
