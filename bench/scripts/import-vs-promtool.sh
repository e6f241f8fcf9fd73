#!/usr/bin/env bash
# Side by side, in one run: `strata tools block import-openmetrics` vs `promtool tsdb create-blocks-from
# openmetrics` on the same generated OpenMetrics file. Prints wall time, peak RSS (GNU time) and the ratio.
#
#   bench/scripts/import-vs-promtool.sh [--duration=1d] [--interval=30s] [--scale=1] [--no-build]
#
# Needs: promtool (apt-get install prometheus), GNU time (/usr/bin/time), a JDK >= 21 (found by bin/strata).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=1d INTERVAL=30s SCALE=1 BUILD=1
for a in "$@"; do
  case "$a" in
    --duration=*) DURATION="${a#*=}" ;;
    --interval=*) INTERVAL="${a#*=}" ;;
    --scale=*) SCALE="${a#*=}" ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
command -v promtool >/dev/null || { echo "promtool not found: apt-get install prometheus" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time not found: apt-get install time" >&2; exit 2; }

W="$(mktemp -d /tmp/strata-import-bench.XXXXXX)"
trap 'rm -rf "$W"' EXIT
[ "$BUILD" = 1 ] && "$ROOT/bin/strata" build -q -pl tools -am >/dev/null
JAVA_HOME="$("$ROOT/bin/strata" java-home)"
TOOLS_CP="$(ls "$ROOT"/tools/target/strata-tools-*.jar | head -1):$ROOT/tools/target/lib/*"

# Fixed start so every run imports the same data.
"$JAVA_HOME/bin/java" -cp "$TOOLS_CP" io.strata.tools.cli.ToolsCommand block generate-openmetrics "$W/input.om" \
  --start=1700000000000 --duration="$DURATION" --interval="$INTERVAL" --scale="$SCALE"
ls -l "$W/input.om" | awk '{printf "input: %.1f MB\n", $5/1e6}'

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$W/time.$label" "$@" >/dev/null 2>"$W/err.$label" || { cat "$W/err.$label" >&2; exit 1; }
  read -r secs kb < "$W/time.$label"
  echo "$label $secs $kb"
}

mkdir -p "$W/promtool" "$W/strata"
P=$(measure promtool promtool tsdb create-blocks-from openmetrics "$W/input.om" "$W/promtool")
# Strata runs as the launcher runs it (default JVM settings, no tuning flags).
S=$(measure strata "$JAVA_HOME/bin/java" -cp "$TOOLS_CP" io.strata.tools.cli.ToolsCommand block import-openmetrics \
  "$W/input.om" "$W/strata")
SAMPLES=$(ls "$W/strata" | while read -r b; do grep -o '"numSamples" : [0-9]*' "$W/strata/$b/meta.json" | grep -o '[0-9]*$'; done | paste -sd+ | bc)

read -r _ ps pk <<<"$P"
read -r _ ss sk <<<"$S"
printf "samples: %d, blocks: %d (promtool: %d)\n" "$SAMPLES" "$(ls "$W/strata" | wc -l)" "$(ls "$W/promtool" | wc -l)"
printf "%-9s %8s s  %10s samples/s  peak RSS %6d MB\n" promtool "$ps" "$(echo "$SAMPLES / $ps" | bc)" $((pk / 1024))
printf "%-9s %8s s  %10s samples/s  peak RSS %6d MB\n" strata "$ss" "$(echo "$SAMPLES / $ss" | bc)" $((sk / 1024))
printf "speed-up: %.1fx\n" "$(echo "$ps / $ss" | bc -l)"
