#!/usr/bin/env bash
# Side by side, in one run: a dashboard of range queries against a real Prometheus 2.42 and against Strata
# (querier -> store gateway -> filesystem bucket) over the same blocks. Prints per query the latency of each,
# cold (first run after the servers started) and warm (median of N), and the ratio Strata / Prometheus.
#
#   bench/scripts/read-path-vs-prometheus.sh [--instances=100] [--days=7] [--runs=7] [--warmup=5] [--no-build]
#
# Data: io.strata.bench.DashboardData (69 series per instance: counters, a classic histogram, node CPU and memory;
# 100 instances = 6,900 series, 30 s scrapes, 2-hour blocks). Needs prometheus (apt-get install prometheus), curl.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INSTANCES=100 DAYS=7 RUNS=7 WARMUP=5 BUILD=1
for a in "$@"; do
  case "$a" in
    --instances=*) INSTANCES="${a#*=}" ;;
    --days=*) DAYS="${a#*=}" ;;
    --runs=*) RUNS="${a#*=}" ;;
    --warmup=*) WARMUP="${a#*=}" ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
command -v prometheus >/dev/null || { echo "prometheus not found: apt-get install prometheus" >&2; exit 2; }
JAVA_HOME="$("$ROOT/bin/strata" java-home)"
if [ "$BUILD" = 1 ]; then
  "$ROOT/bin/strata" build -q -pl bench,tools,store-gateway,querier -am >/dev/null
fi
export STRATA_NO_BUILD=1

W="$(mktemp -d /tmp/strata-read-bench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" -cp "$ROOT/bench/target/benchmarks.jar" io.strata.bench.DashboardData "$W/blocks" \
  "$INSTANCES" "$DAYS" 30 | tail -1
END_MS=$(grep -h '"maxTime"' "$W"/blocks/*/meta.json | grep -o '[0-9]*' | sort -n | tail -1)
END=$((END_MS / 1000))
BUCKET="{type: FILESYSTEM, config: {directory: $W/bucket}}"
"$ROOT/bin/strata" tools bucket upload --objstore.config="$BUCKET" --label cluster=bench "$W/blocks" >/dev/null
cp -r "$W/blocks" "$W/prometheus"
printf 'global: {}\n' > "$W/prometheus.yml"

wait_ready() { # url
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$1/-/ready" && return 0
    sleep 0.2
  done
  echo "not ready: $1" >&2; exit 1
}

start_servers() {
  prometheus --config.file="$W/prometheus.yml" --storage.tsdb.path="$W/prometheus" \
    --storage.tsdb.retention.time=10y --storage.tsdb.min-block-duration=2h --storage.tsdb.max-block-duration=2h \
    --web.listen-address=127.0.0.1:19090 --log.level=warn >"$W/prometheus.log" 2>&1 &
  PIDS+=($!)
  "$ROOT/bin/strata" store --objstore.config="$BUCKET" --data-dir="$W/store-gateway" \
    --http-address=127.0.0.1:19906 --grpc-address=127.0.0.1:19905 --log.level=warn >"$W/store.log" 2>&1 &
  PIDS+=($!)
  "$ROOT/bin/strata" query --endpoint=127.0.0.1:19905 --http-address=127.0.0.1:19902 \
    --grpc-address=127.0.0.1:19901 --log.level=warn >"$W/query.log" 2>&1 &
  PIDS+=($!)
  wait_ready http://127.0.0.1:19090
  wait_ready http://127.0.0.1:19906
  wait_ready http://127.0.0.1:19902
  # The querier polls Info every 5 s; until it has seen the store gateway's loaded time range it prunes it.
  for _ in $(seq 1 100); do
    curl -s http://127.0.0.1:19902/api/v1/stores | grep -q '"minTime":1' && return 0
    sleep 0.2
  done
  echo "querier never saw the store gateway's blocks" >&2; exit 1
}

# name | query | range seconds | step
QUERIES=(
  "rps by job 24h|sum by (job) (rate(http_requests_total[5m]))|86400|60"
  "errors ratio 24h|sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))|86400|60"
  "p99 latency 24h|histogram_quantile(0.99, sum by (le) (rate(request_duration_seconds_bucket[5m])))|86400|60"
  "top5 instances 6h|topk(5, sum by (instance) (rate(http_requests_total[5m])))|21600|30"
  "cpu busy by instance 6h|1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))|21600|30"
  "memory 7d|avg(node_memory_available_bytes)|$((DAYS * 86400))|600"
  "daily requests 7d|sum(increase(http_requests_total[1d]))|$((DAYS * 86400))|3600"
  "one instance 1h|rate(http_requests_total{instance=\"host-007:9100\"}[1m])|3600|15"
)

time_query() { # base query start end step -> seconds;series
  curl -s -o "$W/out.json" -w '%{time_total}' --get "$1/api/v1/query_range" --data-urlencode "query=$2" \
    --data-urlencode "start=$3" --data-urlencode "end=$4" --data-urlencode "step=$5"
  printf ';%s' "$(grep -o '"metric"' "$W/out.json" | wc -l)"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

start_servers
# Cold: each query's first run after the servers started (for Strata: the store gateway has built its index-headers
# but its postings/series caches are empty). Warm: after every query ran WARMUP more times (JIT, caches), the median
# of RUNS runs.
COLD=()
for q in "${QUERIES[@]}"; do
  IFS='|' read -r name expr range step <<<"$q"
  start=$((END - range))
  COLD+=("$(time_query http://127.0.0.1:19090 "$expr" "$start" "$END" "$step")|$(time_query http://127.0.0.1:19902 "$expr" "$start" "$END" "$step")")
done
for _ in $(seq 1 "$WARMUP"); do
  for q in "${QUERIES[@]}"; do
    IFS='|' read -r name expr range step <<<"$q"
    start=$((END - range))
    time_query http://127.0.0.1:19090 "$expr" "$start" "$END" "$step" >/dev/null
    time_query http://127.0.0.1:19902 "$expr" "$start" "$END" "$step" >/dev/null
  done
done
printf '%-26s %10s %10s %7s   %10s %10s %7s  %s\n' query "prom cold" "strata cold" ratio "prom warm" "strata warm" \
  ratio series
TP=0 TS=0 CP=0 CS=0
for i in "${!QUERIES[@]}"; do
  IFS='|' read -r name expr range step <<<"${QUERIES[$i]}"
  start=$((END - range))
  pc="${COLD[$i]%%|*}"
  sc="${COLD[$i]#*|}"
  pw=""; sw=""
  for _ in $(seq 1 "$RUNS"); do
    pw+="$(time_query http://127.0.0.1:19090 "$expr" "$start" "$END" "$step" | cut -d';' -f1)"$'\n'
    sw+="$(time_query http://127.0.0.1:19902 "$expr" "$start" "$END" "$step" | cut -d';' -f1)"$'\n'
  done
  pwm=$(printf '%s' "$pw" | median)
  swm=$(printf '%s' "$sw" | median)
  printf '%-26s %9.3fs %9.3fs %6.2fx   %9.3fs %9.3fs %6.2fx  %s/%s\n' "$name" "${pc%;*}" "${sc%;*}" \
    "$(echo "${sc%;*} / ${pc%;*}" | bc -l)" "$pwm" "$swm" "$(echo "$swm / $pwm" | bc -l)" "${pc#*;}" "${sc#*;}"
  CP=$(echo "$CP + ${pc%;*}" | bc -l); CS=$(echo "$CS + ${sc%;*}" | bc -l)
  TP=$(echo "$TP + $pwm" | bc -l); TS=$(echo "$TS + $swm" | bc -l)
done
printf '%-26s %9.3fs %9.3fs %6.2fx   %9.3fs %9.3fs %6.2fx\n' "whole dashboard" "$CP" "$CS" "$(echo "$CS / $CP" | bc -l)" \
  "$TP" "$TS" "$(echo "$TS / $TP" | bc -l)"
