# Shared by bench.sh and soak.sh (sourced): free ports, polling, and a temporary copy of the built assembly started
# as `./junction start` runs it. Expects ROOT, TMP and log() from the caller.

# JUNCTION_ASSEMBLY: another built assembly (e.g. a copy kept from before a change, for A/B runs)
ASSEMBLY="${JUNCTION_ASSEMBLY:-$ROOT/karaf-distribution/target/assembly}"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# poll-until helper: wait_for SECONDS DESCRIPTION COMMAND...
wait_for() {
  local deadline=$((SECONDS + $1)) what="$2"; shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then log "timed out waiting for $what"; return 1; fi
    sleep 0.2
  done
}

# start_junction [taskset-cpu [name]]: copies the assembly to $TMP/<name> (default junction), moves every port to a
# free one, runs prepare_junction_copy <dir> if the caller defines it (e.g. a cluster configuration), and starts the
# copy in the background, its output in $TMP/<name>.out. Sets RUNTIME, WS_PORT, KARAF_PID; await_junction waits.
start_junction() {
  local cpu="${1:-}" name="${2:-junction}"
  RUNTIME="$TMP/$name"
  cp -a "$ASSEMBLY" "$RUNTIME"
  WS_PORT="$(free_port)"
  sed -i "s/^endpoint.port *=.*/endpoint.port = $WS_PORT/" "$RUNTIME/etc/dev.junction.transport.websocket-default.cfg"
  grep -q "^endpoint.port = $WS_PORT" "$RUNTIME/etc/dev.junction.transport.websocket-default.cfg" \
    || { log "could not set endpoint.port in the transport configuration"; return 1; }
  export JUNCTION_SSH_PORT="$(free_port)" JUNCTION_RMI_REGISTRY_PORT="$(free_port)" \
    JUNCTION_RMI_SERVER_PORT="$(free_port)" JUNCTION_HTTP_PORT="$(free_port)"
  if declare -F prepare_junction_copy >/dev/null; then prepare_junction_copy "$RUNTIME"; fi
  KARAF_OUT="$TMP/${name/#junction/karaf}.out"
  log "starting Junction in $RUNTIME on ws://127.0.0.1:$WS_PORT/ws${cpu:+ (CPU $cpu)}"
  if [[ -n "$cpu" ]]; then
    KARAF_EXEC=exec taskset -c "$cpu" "$RUNTIME/bin/karaf" run >"$KARAF_OUT" 2>&1 </dev/null &
  else
    KARAF_EXEC=exec "$RUNTIME/bin/karaf" run >"$KARAF_OUT" 2>&1 </dev/null &
  fi
  KARAF_PID=$!
}

# await_junction: waits (up to JUNCTION_BOOT_TIMEOUT seconds, default 180) until the started copy answers on its
# WebSocket port. A shared, loaded machine may need more.
await_junction() {
  wait_for "${JUNCTION_BOOT_TIMEOUT:-180}" "Junction on port $WS_PORT" \
    curl --noproxy '*' -sf -o /dev/null "http://127.0.0.1:$WS_PORT/" \
    || { tail -50 "$KARAF_OUT" >&2; return 1; }
}
