#!/usr/bin/env bash
# Store gateway start-up time and memory with 500+ blocks in the bucket, at two index sizes.
#
#   bench/scripts/store-gateway-startup.sh [--blocks=504] [--instances=10,100] [--heap=512m] [--no-build]
#
# For each instance count, writes --blocks 2-hour blocks with io.strata.bench.DashboardData (69 series per instance;
# one sample per 10 minutes, since index size depends on series and label values, not samples) into a filesystem
# bucket, then starts the store gateway twice on it:
#   cold: empty --data-dir, so it reads every meta.json and builds every index-header by ranged reads of the index;
#   warm: the same --data-dir again, index-headers already on disk.
# For each start it prints the time from process start to /-/ready (first sync done, every block loaded), the
# resident set size then, and the Java heap in use after a full GC. Memory should follow the index-headers' sampled
# tables (every 32nd symbol and label value), not the total index size in the bucket.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BLOCKS=504 SIZES=10,100 HEAP=512m BUILD=1
for a in "$@"; do
  case "$a" in
    --blocks=*) BLOCKS="${a#*=}" ;;
    --instances=*) SIZES="${a#*=}" ;;
    --heap=*) HEAP="${a#*=}" ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
JAVA_HOME="$("$ROOT/bin/strata" java-home)"
if [ "$BUILD" = 1 ]; then
  "$ROOT/bin/strata" build -q -pl bench,tools,store-gateway -am >/dev/null
fi
export STRATA_NO_BUILD=1
DAYS=$(((BLOCKS + 11) / 12))

W="$(mktemp -d /tmp/strata-sg-bench.XXXXXX)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

# start_gateway BUCKETCONFIG DATADIR -> prints "seconds-to-ready rss-MiB heap-used-MiB"
start_gateway() {
  local t0 t1 rss heap
  t0=$(now_ms)
  STRATA_JAVA_OPTS="-Xmx$HEAP" "$ROOT/bin/strata" store --objstore.config="$1" --data-dir="$2" \
    --http-address=127.0.0.1:19916 --grpc-address=127.0.0.1:19915 --log.level=warn >>"$W/store.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null http://127.0.0.1:19916/-/ready; do
    kill -0 "$PID" 2>/dev/null || { echo "store gateway exited; see its log:" >&2; tail -20 "$W/store.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(now_ms)
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$PID/status")
  "$JAVA_HOME/bin/jcmd" "$PID" GC.run >/dev/null
  heap=$("$JAVA_HOME/bin/jcmd" "$PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  echo "$(echo "($t1 - $t0) / 1000" | bc -l) $rss $((heap / 1024))"
}

printf '%-10s %7s %8s %12s %14s   %9s %8s %9s   %9s %8s %9s\n' instances blocks series "index total" \
  "index-headers" "cold s" "RSS MiB" "heap MiB" "warm s" "RSS MiB" "heap MiB"
IFS=',' read -ra INSTANCES <<<"$SIZES"
for n in "${INSTANCES[@]}"; do
  rm -rf "$W/blocks" "$W/bucket" "$W/data"
  "$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/benchmarks.jar" io.strata.bench.DashboardData "$W/blocks" \
    "$n" "$DAYS" 600 >/dev/null
  bucket="{type: FILESYSTEM, config: {directory: $W/bucket}}"
  "$ROOT/bin/strata" tools bucket upload --objstore.config="$bucket" --label cluster=bench "$W/blocks" >/dev/null
  blocks=$(ls "$W/blocks" | wc -l)
  index_mib=$(du -cm "$W"/blocks/*/index | tail -1 | cut -f1)
  rm -rf "$W/blocks"
  read -r cold_s cold_rss cold_heap <<<"$(start_gateway "$bucket" "$W/data")"
  headers_mib=$(du -sm "$W/data" | cut -f1)
  read -r warm_s warm_rss warm_heap <<<"$(start_gateway "$bucket" "$W/data")"
  printf '%-10s %7s %8s %9s MiB %10s MiB   %9.2f %8s %9s   %9.2f %8s %9s\n' "$n" "$blocks" $((n * 69)) \
    "$index_mib" "$headers_mib" "$cold_s" "$cold_rss" "$cold_heap" "$warm_s" "$warm_rss" "$warm_heap"
done
