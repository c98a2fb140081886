#!/usr/bin/env bash
# Soak test: mixed load with clients joining and leaving against a temporary copy of the built assembly, and the
# server's heap after GC, threads and open files at the start and at the end, which must come back to the start level.
#
#   ./junction soak [SECONDS] [WORKERS]      (default 600 s, 8 workers; not part of CI)
#
# Builds what is missing (as bench.sh), starts Junction on free ports, runs 30 s of load as warm-up (class loading,
# JIT, pools), measures, runs SECONDS of load (benchmarks' Soak: join JSON/MsgPack, register, subscribe, publish
# acknowledged, call, leave, in a loop per worker, plus long-lived sessions that must hear every event), lets the
# sessions close, measures again. Exits non-zero if the load failed, an event was lost, or the end exceeds the start
# by more than 16 MiB of heap after GC, 4 threads or 16 open files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/benchmarks/target/benchmarks.jar"
SECONDS_LOAD="${1:-600}"
WORKERS="${2:-8}"
log() { echo "soak: $*" >&2; }
# shellcheck source=junction-server.sh
source "$ROOT/benchmarks/junction-server.sh"

command -v jcmd >/dev/null || { log "jcmd (JDK) is needed"; exit 2; }
if [[ ! -f "$ASSEMBLY/etc/startup.properties" || ! -f "$JAR" \
      || -n "$(find "$ROOT/benchmarks/src" "$ROOT/benchmarks/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  # verify, not install: the bundles come from this reactor, and a shared ~/.m2 keeps no snapshots of them
  log "mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am"
  (cd "$ROOT" && mvn -B -q -Pbench verify -DskipTests -pl karaf-distribution,benchmarks -am)
fi

TMP="$(mktemp -d /tmp/junction-soak.XXXXXX)"
KARAF_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$KARAF_PID" ]]; then
    kill -TERM "$KARAF_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$KARAF_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$KARAF_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_junction
await_junction
URL="ws://127.0.0.1:$WS_PORT/ws"

# heap used after a full GC (KiB), live threads, open file descriptors of the server
measure() {
  jcmd "$KARAF_PID" GC.run >/dev/null
  local heap threads fds
  heap="$(jcmd "$KARAF_PID" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1)"
  threads="$(awk '/^Threads:/ {print $2}' "/proc/$KARAF_PID/status")"
  fds="$(find "/proc/$KARAF_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)"
  echo "$heap $threads $fds"
}
soak() { java -cp "$JAR" dev.junction.benchmarks.Soak "$URL" realm1 "$1" "$WORKERS"; }

log "warm-up: 30 s of load"
soak 30
sleep 5
read -r heap0 threads0 fds0 < <(measure)
log "start: heap after GC ${heap0} KiB, ${threads0} threads, ${fds0} open files"

log "load: ${SECONDS_LOAD} s, ${WORKERS} workers"
rc=0
soak "$SECONDS_LOAD" || rc=1
sleep 5
read -r heap1 threads1 fds1 < <(measure)
log "end:   heap after GC ${heap1} KiB, ${threads1} threads, ${fds1} open files"

printf '%-22s %12s %12s %12s\n' "" start end delta
printf '%-22s %12s %12s %12s\n' "heap after GC (KiB)" "$heap0" "$heap1" "$((heap1 - heap0))"
printf '%-22s %12s %12s %12s\n' "threads" "$threads0" "$threads1" "$((threads1 - threads0))"
printf '%-22s %12s %12s %12s\n' "open files" "$fds0" "$fds1" "$((fds1 - fds0))"
if ((heap1 - heap0 > 16384 || threads1 - threads0 > 4 || fds1 - fds0 > 16)); then
  log "FAILED: the server did not come back to its start level"
  rc=1
fi
kill -0 "$KARAF_PID" 2>/dev/null || { log "Junction died"; rc=1; }
log "exit $rc"
exit "$rc"
