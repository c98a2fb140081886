#!/usr/bin/env bash
# Three Junction nodes of one cluster on this machine, for a try (README, "Run a cluster").
#
#   scripts/cluster-three-nodes.sh start    # copies the built assembly to .junction/cluster/node{1,2,3} (once),
#                                           # starts the three in the background, waits until they form one cluster
#   scripts/cluster-three-nodes.sh status   # junction:cluster on every node
#   scripts/cluster-three-nodes.sh stop     # SIGTERM to the three (Karaf stops cleanly)
#
# Node N (1..3): WebSocket ws://127.0.0.1:808N/ws (realm1), cluster member 127.0.0.1:570N, Karaf SSH 127.0.0.1:811N,
# web console http://127.0.0.1:818N/system/console (user admin, password printed on the first start), JMX RMI
# 110N/4444N. The web transport demo of the shipped defaults is left out (one port for three nodes).
# Output and logs: .junction/cluster/nodeN.out and .junction/cluster/nodeN/data/log/karaf.log. Delete
# .junction/cluster to start from the built assembly again. JUNCTION_CLUSTER_DIR sets another directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASSEMBLY="${JUNCTION_ASSEMBLY:-$ROOT/karaf-distribution/target/assembly}"
DIR="${JUNCTION_CLUSTER_DIR:-$ROOT/.junction/cluster}"
MEMBERS="127.0.0.1:5701, 127.0.0.1:5702, 127.0.0.1:5703"
log() { echo "cluster: $*" >&2; }

if [[ -z "${JAVA_HOME:-}" ]] && command -v java >/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  export JAVA_HOME
fi

node_env() { # the Karaf ports of node $1, as ./junction start takes them
  echo "JUNCTION_SSH_PORT=811$1 JUNCTION_HTTP_PORT=818$1 JUNCTION_RMI_REGISTRY_PORT=110$1 JUNCTION_RMI_SERVER_PORT=4444$1"
}

prepare() { # a copy of the assembly for node $1, configured once (your edits in its etc/ stay)
  local n="$1" home="$DIR/node$1"
  [[ -d "$home" ]] && return 0
  [[ -f "$ASSEMBLY/etc/startup.properties" ]] \
    || { log "no built assembly in $ASSEMBLY (./junction prepare, or mvn -B -o verify -DskipTests -pl karaf-distribution -am)"; exit 1; }
  mkdir -p "$DIR"
  cp -a "$ASSEMBLY" "$home"
  rm -f "$home"/etc/dev.junction.transport.web-demo.cfg "$home"/etc/dev.junction.transport.web.path-demo_*.cfg
  sed -i "s/^endpoint.port *=.*/endpoint.port = 808$n/" "$home/etc/dev.junction.transport.websocket-default.cfg"
  cat >"$home/etc/dev.junction.cluster.cfg" <<EOF
# Node $n of three on one machine (scripts/cluster-three-nodes.sh); see the README, "Run a cluster".
cluster_name = demo
interface = 127.0.0.1
port = 570$n
members = $MEMBERS
EOF
  sed -i 's/^\(featuresBoot *=.*\)$/\1, junction-cluster/' "$home/etc/org.apache.karaf.features.cfg"
  local password
  password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  printf '\n# written by cluster-three-nodes.sh\nadmin = %s,_g_:admingroup\n' "$password" >>"$home/etc/users.properties"
  grep -q '^_g_\\:admingroup' "$home/etc/users.properties" \
    || echo '_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh' >>"$home/etc/users.properties"
  chmod 600 "$home/etc/users.properties"
  log "node $n: prepared $home (web console and SSH: user admin, password $password)"
}

running() { [[ -f "$DIR/node$1.pid" ]] && kill -0 "$(cat "$DIR/node$1.pid")" 2>/dev/null; }

start() {
  local n
  for n in 1 2 3; do
    prepare "$n"
    if running "$n"; then log "node $n runs already (pid $(cat "$DIR/node$n.pid"))"; continue; fi
    # shellcheck disable=SC2046
    env $(node_env "$n") KARAF_EXEC=exec "$DIR/node$n/bin/karaf" run >"$DIR/node$n.out" 2>&1 </dev/null &
    echo $! >"$DIR/node$n.pid"
    log "node $n: pid $!, ws://127.0.0.1:808$n/ws, member 127.0.0.1:570$n"
  done
  log "waiting until the three nodes form one cluster (each logs 'joined ... (N member(s))')"
  local deadline=$((SECONDS + 300))
  until grep -qs '(3 member(s))' "$DIR"/node{1,2,3}/data/log/karaf.log \
      && [[ "$(grep -ls 'Cluster demo: joined' "$DIR"/node{1,2,3}/data/log/karaf.log | wc -l)" -eq 3 ]]; do
    for n in 1 2 3; do running "$n" || { log "node $n exited; see $DIR/node$n.out"; exit 1; }; done
    if ((SECONDS > deadline)); then log "no cluster of three after 300 s; see $DIR/node*/data/log/karaf.log"; exit 1; fi
    sleep 1
  done
  log "one cluster of three: ws://127.0.0.1:8081/ws, :8082/ws, :8083/ws (realm1). '$0 status' shows it, '$0 stop' stops it"
}

status() {
  local n
  for n in 1 2 3; do
    echo "== node $n"
    running "$n" || { echo "not running"; continue; }
    "$DIR/node$n/bin/client" -h 127.0.0.1 -a "811$n" -u admin \
      -p "$(sed -n 's/^admin = \([^,]*\),.*/\1/p' "$DIR/node$n/etc/users.properties" | tail -1)" -b <<<"junction:cluster"
  done
}

stop() {
  local n pid
  for n in 1 2 3; do
    running "$n" || continue
    pid="$(cat "$DIR/node$n.pid")"
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { log "node $n did not stop in 30 s: SIGKILL"; kill -KILL "$pid"; }
    rm -f "$DIR/node$n.pid"
    log "node $n stopped"
  done
}

case "${1:-}" in
  start) start ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
