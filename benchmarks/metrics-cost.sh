#!/usr/bin/env bash
# The cost of metrics on RPC throughput, in one run (`./junction bench --metrics-cost [LoadGen options]`):
# the same `rpc` scenarios against the router with its per-message counting on (and the Prometheus endpoint scraped
# every second) and off (-Djunction.router.counting=false, endpoint off), alternating on/off ROUNDS times (default 2)
# so that drift of a busy machine falls on both. Router pinned to CPU 0, generator to CPU 1, as in bench.sh.
# Prints per scenario the median calls/s and server CPU per call of each mode and the cost in %.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
OUT="$ROOT/benchmarks/target/results/metrics-cost"
ROUNDS="${ROUNDS:-2}"
# SCRAPE=0: "on" counts but has no Prometheus endpoint, to separate the per-message counting from the scrape
SCRAPE="${SCRAPE:-1}"
log() { echo "metrics-cost: $*" >&2; }
source "$ROOT/benchmarks/junction-server.sh"

[[ -f "$JAR" && -f "$ASSEMBLY/etc/startup.properties" ]] \
  || { log "build first: mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am"; exit 2; }
command -v taskset >/dev/null || { log "taskset (util-linux) is needed"; exit 2; }

TMP="$(mktemp -d /tmp/junction-metrics-cost.XXXXXX)"
KARAF_PID="" SCRAPER_PID=""
stop_junction() {
  [[ -n "$SCRAPER_PID" ]] && { kill "$SCRAPER_PID" 2>/dev/null || true; wait "$SCRAPER_PID" 2>/dev/null || true; }
  SCRAPER_PID=""
  if [[ -n "$KARAF_PID" ]]; then
    kill -TERM "$KARAF_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$KARAF_PID" 2>/dev/null || true
  fi
  KARAF_PID=""
  rm -rf "$TMP/junction"
}
cleanup() { local rc=$?; trap - EXIT INT TERM; stop_junction; rm -rf "$TMP"; exit "$rc"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$OUT"
mkdir -p "$OUT"
for round in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    if [[ "$mode" == off ]]; then
      export EXTRA_JAVA_OPTS="-Djunction.router.counting=false"
    else
      unset EXTRA_JAVA_OPTS
    fi
    start_junction 0
    if [[ "$mode" == on && "$SCRAPE" != 0 ]]; then
      METRICS_PORT="$(free_port)"
      printf 'enabled = true\ninterface = 127.0.0.1\nport = %s\npath = /metrics\n' "$METRICS_PORT" \
        >"$RUNTIME/etc/dev.junction.metrics.cfg"
    fi
    await_junction
    if [[ "$mode" == on && "$SCRAPE" != 0 ]]; then
      wait_for 60 "the Prometheus endpoint" curl --noproxy '*' -sf -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics"
      (while sleep 1; do curl --noproxy '*' -sf -o /dev/null "http://127.0.0.1:$METRICS_PORT/metrics" || true; done) &
      SCRAPER_PID=$!
    fi
    log "round $round, counting $mode: Junction pid $KARAF_PID on $WS_PORT"
    taskset -c 1 java -Xmx2g -Djava.awt.headless=true ${LOADGEN_JAVA_OPTS:-} -cp "$JAR" dev.junction.benchmarks.LoadGen \
      --router "ws://127.0.0.1:$WS_PORT/ws" --router-pid "$KARAF_PID" --only rpc --out "$OUT/$mode-$round" "$@" \
      >"$OUT/$mode-$round.log" 2>&1 || { log "LoadGen failed"; tail -20 "$OUT/$mode-$round.log" >&2; exit 1; }
    stop_junction
  done
done

python3 - "$OUT" <<'PY' | tee "$OUT/summary.txt"
import csv, glob, os, statistics, sys
out = sys.argv[1]
rows = {}
for path in sorted(glob.glob(os.path.join(out, "*-*/results.csv"))):
    mode = os.path.basename(os.path.dirname(path)).split("-")[0]
    for r in csv.DictReader(open(path)):
        if r["group"] == "rpc" and r["value"]:
            rows.setdefault(r["name"], {}).setdefault(mode, []).append(
                (float(r["value"]), float(r["server_cpu_us_per_op"] or "nan")))
print(f"{'scenario':44} {'calls/s on':>11} {'calls/s off':>11} {'cost':>7} {'cpu us/call on':>15} {'off':>7} {'cost':>7}")
for name, modes in rows.items():
    on, off = modes.get("on", []), modes.get("off", [])
    if not on or not off:
        continue
    ton, toff = statistics.median(v for v, _ in on), statistics.median(v for v, _ in off)
    con, coff = statistics.median(c for _, c in on), statistics.median(c for _, c in off)
    print(f"{name:44} {ton:11.0f} {toff:11.0f} {100 * (1 - ton / toff):6.1f}% {con:15.1f} {coff:7.1f}"
          f" {100 * (con / coff - 1):6.1f}%")
PY
