#!/usr/bin/env bash
# The cost of metrics, in one run (`./junction bench --metrics-cost [--sockets [LoadGen options]]`).
#
# Default (in-process, JMH): RouterRpcBench times one RPC through the router (real serializers, no network) with the
# per-message counting on and off, in alternating forks pinned to CPU 0; ScrapeBench times one Prometheus scrape and
# the JMX refresh. The summary adds the two: counting cost per call + scrape time / SCRAPE_INTERVAL (default 15 s,
# Prometheus' usual). This is the router's own share; over sockets the same cost is a smaller part of each call.
#
# --sockets: the `rpc` scenarios over WebSocket against the router with its counting on (and the Prometheus endpoint
# scraped every second) and off (-Djunction.router.counting=false, endpoint off), alternating on/off ROUNDS times
# (default 2) so that drift of a busy machine falls on both. Router pinned to CPU 0, generator to CPU 1, as in
# bench.sh. Prints per scenario the median calls/s and server CPU per call of each mode and the cost in %.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
OUT="$ROOT/benchmarks/target/results/metrics-cost"
REQUESTED_ROUNDS="${ROUNDS:-}"
ROUNDS="${ROUNDS:-2}"
# SCRAPE=0: "on" counts but has no Prometheus endpoint, to separate the per-message counting from the scrape
SCRAPE="${SCRAPE:-1}"
log() { echo "metrics-cost: $*" >&2; }
source "$ROOT/benchmarks/junction-server.sh"

command -v taskset >/dev/null || { log "taskset (util-linux) is needed"; exit 2; }

if [[ "${1:-}" != --sockets ]]; then
  [[ -f "$JAR" ]] || { log "build first: mvn -B -q -Pbench verify -DskipTests -pl benchmarks -am"; exit 2; }
  OUT="$OUT/in-process"
  ROUNDS="${REQUESTED_ROUNDS:-3}"
  # SUMMARY_ONLY=1: summarize the last run again (e.g. after a ./junction bench that the summary relates to)
  if [[ "${SUMMARY_ONLY:-0}" == 0 ]]; then
  rm -rf "$OUT"
  mkdir -p "$OUT"
  log "RouterRpcBench: $ROUNDS rounds of one fork per mode, alternating, on CPU 0 (about $((ROUNDS * 130 / 60 + 1)) min)"
  for round in $(seq 1 "$ROUNDS"); do
    for mode in On Off; do
      taskset -c 0 java -jar "$JAR" "RouterRpcBench.Counting$mode" -f 1 -prof gc -rf csv \
        -rff "$OUT/rpc-$mode-$round.csv" "$@" >"$OUT/rpc-$mode-$round.log" 2>&1 \
        || { log "RouterRpcBench failed"; tail -20 "$OUT/rpc-$mode-$round.log" >&2; exit 1; }
    done
  done
  log "ScrapeBench, on CPU 0"
  taskset -c 0 java -jar "$JAR" 'ScrapeBench' -rf csv -rff "$OUT/scrape.csv" \
    >"$OUT/scrape.log" 2>&1 || { log "ScrapeBench failed"; tail -20 "$OUT/scrape.log" >&2; exit 1; }
  fi
  python3 - "$OUT" "${SCRAPE_INTERVAL:-15}" "$ROOT/benchmarks/target/results/results.csv" <<'PY' \
    | tee "$OUT/summary.txt"
import csv, os, sys
out, interval, bench_csv = sys.argv[1], float(sys.argv[2]), sys.argv[3]
import glob, statistics
def rows(name):
    return list(csv.DictReader(open(os.path.join(out, name))))
rpc = {}
for path in sorted(glob.glob(os.path.join(out, "rpc-*.csv"))):
    for r in rows(os.path.basename(path)):
        mode = "on" if ".CountingOn." in r["Benchmark"] else "off"
        key = (r["Param: serializer"], int(r["Param: payloadSize"]))
        b = r["Benchmark"]
        metric = "alloc" if b.endswith(":gc.alloc.rate.norm") else "ns" if b.endswith(".rpc") else None
        if metric:
            rpc.setdefault(key, {}).setdefault((mode, metric), []).append(float(r["Score"]))
scrape = {}
for r in rows("scrape.csv"):
    scrape[(r["Benchmark"].rsplit(".", 1)[1], int(r["Param: realms"]))] = float(r["Score"])
print(f"Router's own time per RPC (CALL, INVOCATION, YIELD, RESULT through the serializer), counting on vs off:")
print("(median of the rounds, each round's figure in brackets; cost from the medians)")
print(f"{'serializer':10} {'payload':>8} {'on ns/call':>30} {'off ns/call':>30} {'added':>8} {'share':>6}"
      f" {'alloc B/call on/off':>20}")
added = {}
rounds = lambda v: "[" + " ".join(f"{x:.0f}" for x in v) + "]"
for (ser, size), m in sorted(rpc.items()):
    on, off = statistics.median(m[("on", "ns")]), statistics.median(m[("off", "ns")])
    added[(ser, size)] = on - off
    aon = statistics.median(m.get(("on", "alloc"), [float("nan")]))
    aoff = statistics.median(m.get(("off", "alloc"), [float("nan")]))
    print(f"{ser:10} {size:8} {on:8.0f} {rounds(m[('on', 'ns')]):>21} {off:8.0f} {rounds(m[('off', 'ns')]):>21}"
          f" {on - off:6.0f}ns {100 * (on / off - 1):5.1f}% {aon:9.0f} / {aoff:<9.0f}")
print("(share: of the router's own in-process time per call, without Jetty, sockets or the kernel: an upper bound)")
print()
print(f"Scrape (router counters + JVM binders rendered) and JMX refresh, every {interval:g} s / every 10 s:")
scrape_share = 0.0
for realms in sorted({k[1] for k in scrape}):
    s, j = scrape.get(("scrape", realms), 0.0), scrape.get(("jmxRefresh", realms), 0.0)
    pct = 100 * (s / 1e6 / interval + j / 1e6 / 10)
    scrape_share = max(scrape_share, pct)
    print(f"  {realms:3} realm(s): scrape {s / 1000:7.2f} ms, JMX refresh {j / 1000:6.2f} ms -> {pct:.3f} % of one core")
print()
# The router's CPU per call over WebSocket, from the last `./junction bench` (rpc rows, 16 callers).
cpu = {}
if os.path.exists(bench_csv):
    for r in csv.DictReader(open(bench_csv)):
        if r["group"] == "rpc" and r["name"].endswith("16 callers") and r["server_cpu_us_per_op"]:
            _, ser, size = r["name"].split()[:3]
            cpu[(ser, {"32B": 32, "64KiB": 65536}.get(size))] = float(r["server_cpu_us_per_op"])
if cpu:
    print(f"Against the router's CPU per call over WebSocket (last ./junction bench, 16 callers; {bench_csv}):")
    worst = 0.0
    for key, ns in sorted(added.items()):
        if key in cpu:
            share = 100 * ns / (cpu[key] * 1000)
            worst = max(worst, share)
            print(f"  {key[0]:8} {key[1]:6}: {ns:6.0f} ns of {cpu[key]:8.1f} us per call = {share:.2f} %")
    print(f"Metrics cost: {worst:.2f} % (counting) + {scrape_share:.3f} % (scrape) = {worst + scrape_share:.2f} % "
          f"of the router's RPC throughput (limit 3 %)")
else:
    print("No ./junction bench results: run it to relate the added time to the router's CPU per call over WebSocket.")
PY
  exit 0
fi
shift

[[ -f "$JAR" && -f "$ASSEMBLY/etc/startup.properties" ]] \
  || { log "build first: mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am"; exit 2; }

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
    taskset -c 1 java -Xmx2g -Djava.awt.headless=true --add-exports jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED \
    ${LOADGEN_JAVA_OPTS:-} -cp "$JAR" dev.junction.benchmarks.LoadGen \
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
