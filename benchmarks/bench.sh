#!/usr/bin/env bash
# Benchmarks Junction against its floor (a bare Jetty WebSocket echo server built like the transport), in one run.
#
#   ./junction bench [--sessions N] [--warmup S] [--measure S] [--subscribers-large N] [--window N] [--only rpc,pubsub,sessions,echo]
#   ./junction bench --cluster [--warmup S] [--measure S]
#
# Builds what is missing, starts a temporary copy of the built Karaf assembly (as `./junction start` runs it, on free
# ports) and the echo server, both pinned to CPU 0, runs the load generator pinned to CPU 1, prints one table
# (each router figure, the floor figure from the same run, their ratio, generator and server CPU), writes
# benchmarks/target/results/{results.csv,table.txt,*.png}, stops everything it started and exits non-zero if a
# scenario failed or lost a message. Defaults: 3 s warm-up + 10 s measure per scenario, 10,000 idle sessions.
# Environment: BENCH_BUILD=always rebuilds with `mvn -B -q -Pbench verify -DskipTests` (the whole reactor);
# BENCH_KEEP=1 keeps the temporary runtime (its data/log) for inspection; LOADGEN_JAVA_OPTS extra generator JVM flags.
# --cluster: two copies A and B booted with junction-cluster as one cluster (both on CPU 0, no echo server) and only
# the cross-node scenarios (caller on A and callee on B; publishers on A, subscribers on A and B), each divided by
# the same scenario with every peer on A from the same run (benchmarks/README.md, "Cluster").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
OUT="$ROOT/benchmarks/target/results"
log() { echo "bench: $*" >&2; }
# shellcheck source=junction-server.sh
source "$ROOT/benchmarks/junction-server.sh"

SESSIONS=10000
CLUSTER=""
args=()
for a in "$@"; do
  if [[ "$a" == --cluster ]]; then CLUSTER=1; else args+=("$a"); fi
done
set -- ${args[@]+"${args[@]}"}
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == --sessions ]] && SESSIONS="${args[$((i + 1))]:-10000}"
done

command -v taskset >/dev/null || { log "taskset (util-linux) is needed"; exit 2; }
if [[ "$(nproc --all)" -lt 2 ]]; then log "needs 2 CPUs (router/echo on CPU 0, generator on CPU 1)"; exit 2; fi
if [[ -z "${JAVA_HOME:-}" ]] && command -v java >/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  export JAVA_HOME
fi

# ---- build what is missing
if [[ "${BENCH_BUILD:-}" == always ]]; then
  log "mvn -B -q -Pbench verify -DskipTests"
  (cd "$ROOT" && mvn -B -q -Pbench verify -DskipTests)
elif [[ ! -f "$ASSEMBLY/etc/startup.properties" ]]; then
  log "no assembly: mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am"
  (cd "$ROOT" && mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am)
elif [[ ! -f "$JAR" || -n "$(find "$ROOT/benchmarks/src" "$ROOT/benchmarks/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  log "mvn -B -q -Pbench verify -DskipTests -pl benchmarks -am"
  (cd "$ROOT" && mvn -B -q -Pbench verify -DskipTests -pl benchmarks -am)
fi
log "assembly built $(date -r "$ASSEMBLY/etc/startup.properties" '+%F %T')"
# Other work on the machine distorts every figure (taskset pins our processes, it does not keep others off the CPUs).
read -r load1 _ < /proc/loadavg
log "load average before the run: $load1"
if awk -v l="$load1" 'BEGIN { exit !(l > 1.0) }'; then
  log "WARNING: the machine is busy (load $load1); figures will be noisy. Busiest processes:"
  ps -eo pid,pcpu,comm --sort=-pcpu | sed -n '2,6p' >&2
fi

# ---- open files: the router and the generator each hold one socket per session
need=$((SESSIONS + 4096))
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
  if ! ulimit -n "$need" 2>/dev/null; then
    hard="$(ulimit -Hn)"
    log "cannot raise the open-file limit to $need (hard limit $hard); using $hard"
    ulimit -n "$hard" || true
    if [[ "$hard" != unlimited && "$hard" -lt "$need" ]]; then
      log "WARNING: $SESSIONS sessions need about $need open files; lower --sessions"
    fi
  fi
fi
log "open-file limit $(ulimit -n)"

TMP="$(mktemp -d /tmp/junction-bench.XXXXXX)"
KARAF_PID="" ECHO_PID="" B_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for p in $KARAF_PID $ECHO_PID $B_PID; do kill -TERM "$p" 2>/dev/null || true; done
  for p in $KARAF_PID $ECHO_PID $B_PID; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [[ -n "${BENCH_KEEP:-}" ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -n "$CLUSTER" ]]; then
  # ---- two nodes of one cluster, A and B, both on CPU 0 (as the single router is), the generator on CPU 1
  HZ_A="$(free_port)" HZ_B="$(free_port)"
  CLUSTER_NAME="bench$$"
  prepare_junction_copy() {
    local port="$HZ_A"
    [[ "$1" == */junction-b ]] && port="$HZ_B"
    printf 'cluster_name = %s\ninterface = 127.0.0.1\nport = %s\nmembers = 127.0.0.1:%s, 127.0.0.1:%s\n' \
      "$CLUSTER_NAME" "$port" "$HZ_A" "$HZ_B" >"$1/etc/dev.junction.cluster.cfg"
    sed -i 's/^\(featuresBoot *=.*\)$/\1, junction-cluster/' "$1/etc/org.apache.karaf.features.cfg"
  }
  start_junction 0 junction
  A_PID="$KARAF_PID" A_PORT="$WS_PORT" A_OUT="$KARAF_OUT" A_RUNTIME="$RUNTIME"
  await_junction
  start_junction 0 junction-b
  B_PID="$KARAF_PID" B_PORT="$WS_PORT"
  await_junction
  KARAF_PID="$A_PID" WS_PORT="$A_PORT" KARAF_OUT="$A_OUT"
  wait_for 180 "node B to join node A" grep -q '(2 member(s))' "$TMP/junction-b/data/log/karaf.log" \
    || { tail -30 "$TMP/junction-b/data/log/karaf.log" >&2; exit 1; }
  log "cluster $CLUSTER_NAME: A pid $A_PID ws $A_PORT hz $HZ_A, B pid $B_PID ws $B_PORT hz $HZ_B (both on CPU 0)"
  mkdir -p "$OUT"
  set +e
  # shellcheck disable=SC2086
  taskset -c 1 java -Xmx2g -Djava.awt.headless=true --add-exports jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED \
    ${LOADGEN_JAVA_OPTS:-} -cp "$JAR" dev.junction.benchmarks.LoadGen \
    --router "ws://127.0.0.1:$A_PORT/ws" --router-pid "$A_PID" --router-b "ws://127.0.0.1:$B_PORT/ws" \
    --router-b-pid "$B_PID" --only cluster --out "$OUT" "$@"
  rc=$?
  set -e
  for p in "$A_PID" "$B_PID"; do
    kill -0 "$p" 2>/dev/null || { log "node pid $p died during the run"; rc=1; }
  done
  cp "$A_RUNTIME/data/log/karaf.log" "$OUT/karaf-a.log" 2>/dev/null || true
  cp "$TMP/junction-b/data/log/karaf.log" "$OUT/karaf-b.log" 2>/dev/null || true
  read -r load1 _ < /proc/loadavg
  log "load average after the run: $load1 (ours: about 2 while the generator runs)"
  log "exit $rc"
  exit "$rc"
fi

# ---- (a) Junction: a temporary copy of the assembly, run as ./junction start runs it, on free ports, on CPU 0
start_junction 0

# The router runs on the shipped defaults: its etc/ differs from the assembly's only in the listener port.
if ! diff -r "$ASSEMBLY/etc" "$RUNTIME/etc" | grep '^[<>]' | grep -qv 'endpoint.port'; then
  log "configuration: the shipped defaults (etc/ as built; only endpoint.port moved to $WS_PORT)"
else
  log "WARNING: etc/ differs from the shipped defaults:"; diff -r "$ASSEMBLY/etc" "$RUNTIME/etc" >&2 || true
fi

# ---- (b) the floor: the echo server, on CPU 0
# The same accept queue as the router's listener (endpoint.backlog, default 50), so the join rates compare.
BACKLOG="$(sed -n 's/^endpoint.backlog *= *//p' "$RUNTIME/etc/dev.junction.transport.websocket-default.cfg")"
BACKLOG="${BACKLOG:-50}"
log "starting the echo server (CPU 0, backlog $BACKLOG)"
taskset -c 0 java -cp "$JAR" dev.junction.benchmarks.EchoServer 0 "$BACKLOG" >"$TMP/echo.out" 2>&1 </dev/null &
ECHO_PID=$!

wait_for 60 "the echo server" grep -q '^ECHO_PORT=' "$TMP/echo.out" || { cat "$TMP/echo.out" >&2; exit 1; }
ECHO_PORT="$(sed -n 's/^ECHO_PORT=//p' "$TMP/echo.out")"
await_junction
log "Junction pid $KARAF_PID on $WS_PORT, echo pid $ECHO_PID on $ECHO_PORT"

# ---- the load generator on CPU 1
mkdir -p "$OUT"
set +e
# shellcheck disable=SC2086
taskset -c 1 java -Xmx2g -Djava.awt.headless=true --add-exports jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED \
    ${LOADGEN_JAVA_OPTS:-} -cp "$JAR" dev.junction.benchmarks.LoadGen \
  --router "ws://127.0.0.1:$WS_PORT/ws" --router-pid "$KARAF_PID" \
  --echo "ws://127.0.0.1:$ECHO_PORT/" --echo-pid "$ECHO_PID" --out "$OUT" "$@"
rc=$?
set -e
if ! kill -0 "$KARAF_PID" 2>/dev/null; then log "Junction died during the run"; tail -50 "$KARAF_OUT" >&2; rc=1; fi
if ! kill -0 "$ECHO_PID" 2>/dev/null; then log "the echo server died during the run"; rc=1; fi
cp "$TMP/karaf.out" "$OUT/karaf.out" 2>/dev/null || true
[[ -f "$RUNTIME/data/log/karaf.log" ]] && cp "$RUNTIME/data/log/karaf.log" "$OUT/karaf.log"
read -r load1 _ < /proc/loadavg
log "load average after the run: $load1 (ours: about 2 while the generator runs)"
log "exit $rc"
exit "$rc"
