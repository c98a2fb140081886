#!/usr/bin/env bash
# Partition test of the cluster (issue 12): three Junction nodes A, B, C, each a copy of the built assembly in its own
# network namespace, their cluster links on one bridge; node C's cluster link is cut (the bridge port goes down: no
# RST, packets just stop, as when a switch or a firewall fails), then healed. Clients (autobahn-python, in a separate
# namespace with a client link to every node that the cut does not touch) assert what each side sees during the split
# and after the heal; see scripts/cluster_partition.py. Not part of `./junction test`: it needs root (network
# namespaces, veth, bridge) and takes about three minutes.
#
#   sudo scripts/cluster-partition.sh            # uses karaf-distribution/target/assembly (build it first)
#   JUNCTION_ASSEMBLY=/path/to/assembly scripts/cluster-partition.sh
#   KEEP=1 scripts/cluster-partition.sh          # keep the copies and their logs (printed at the end)
#
# Exits 0 when every check passed. Everything it creates (namespaces jp<pid>{a,b,c,hub}, the copies under /tmp) is
# removed on exit, and only the processes it started are stopped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ASSEMBLY="${JUNCTION_ASSEMBLY:-$ROOT/karaf-distribution/target/assembly}"
PYTHON="${PYTHON:-/usr/bin/python3}"
MEMBER_TIMEOUT=4
MERGE_INTERVAL=10
log() { echo "partition: $*" >&2; }
die() { log "$*"; exit 2; }

[[ "$(id -u)" -eq 0 ]] || die "needs root: it creates network namespaces, veth pairs and a bridge"
command -v ip >/dev/null || die "needs iproute2 (ip)"
[[ -f "$ASSEMBLY/etc/startup.properties" ]] || die "no built assembly in $ASSEMBLY: mvn -B -o verify -DskipTests -pl karaf-distribution -am"
"$PYTHON" -c 'import autobahn' 2>/dev/null || die "needs autobahn-python for $PYTHON (Debian: python3-autobahn)"
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
export JAVA_HOME

P="jp$$"
HUB="${P}hub"
WORK="$(mktemp -d /tmp/junction-partition.XXXXXX)"
PIDS=()
NAMESPACES=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ -n "${KEEP:-}" ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the network: hub namespace with the cluster bridge (10.231.0.0/24) and one client link per node (10.232.N.0/30);
# every interface is made inside the namespaces (the host's own network is not touched)
ip netns add "$HUB"; NAMESPACES+=("$HUB")
ip -n "$HUB" link set lo up
ip -n "$HUB" link add name jbr0 type bridge
ip -n "$HUB" link set jbr0 up
n=0
for node in a b c; do
  n=$((n + 1))
  ns="${P}${node}"
  ip netns add "$ns"; NAMESPACES+=("$ns")
  ip -n "$ns" link set lo up
  # cluster link: c<node> in the node, h<node> on the bridge
  ip -n "$ns" link add name "${P}c$node" type veth peer name "${P}h$node" netns "$HUB"
  ip -n "$ns" addr add "10.231.0.$n/24" dev "${P}c$node"
  ip -n "$ns" link set "${P}c$node" up
  ip -n "$HUB" link set "${P}h$node" master jbr0
  ip -n "$HUB" link set "${P}h$node" up
  # client link: w<node> in the node, k<node> in the hub (where the clients run)
  ip -n "$ns" link add name "${P}w$node" type veth peer name "${P}k$node" netns "$HUB"
  ip -n "$ns" addr add "10.232.$n.2/30" dev "${P}w$node"
  ip -n "$ns" link set "${P}w$node" up
  ip -n "$HUB" addr add "10.232.$n.1/30" dev "${P}k$node"
  ip -n "$HUB" link set "${P}k$node" up
done
log "namespaces ${NAMESPACES[*]}: cluster bridge 10.231.0.0/24, client links 10.232.{1,2,3}.0/30"

# ---- three copies, each booting with junction-cluster (ports are per namespace: the defaults do)
members="10.231.0.1:5701, 10.231.0.2:5701, 10.231.0.3:5701"
n=0
for node in a b c; do
  n=$((n + 1))
  dir="$WORK/$node"
  cp -a "$ASSEMBLY" "$dir"
  rm -rf "$dir/data/cache"
  cat >"$dir/etc/dev.junction.cluster.cfg" <<EOF
cluster_name = partition$$
interface = 10.231.0.$n
port = 5701
members = $members
heartbeat_interval = 1
member_timeout = $MEMBER_TIMEOUT
connection_timeout = 2
merge_interval = $MERGE_INTERVAL
EOF
  sed -i 's/^\(featuresBoot *=.*\)$/\1, junction-cluster/' "$dir/etc/org.apache.karaf.features.cfg"
  sed -i "s/^endpoint.interface *=.*/endpoint.interface = 10.232.$n.2/" \
    "$dir/etc/dev.junction.transport.websocket-default.cfg"
  grep -q "^endpoint.interface = 10.232.$n.2" "$dir/etc/dev.junction.transport.websocket-default.cfg" \
    || echo "endpoint.interface = 10.232.$n.2" >>"$dir/etc/dev.junction.transport.websocket-default.cfg"
  printf '\n# added by cluster-partition.sh\npartition = %s,_g_:admingroup\n' "$$-$RANDOM$RANDOM" \
    >>"$dir/etc/users.properties"
  grep -q '^_g_\\:admingroup' "$dir/etc/users.properties" \
    || echo '_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh' >>"$dir/etc/users.properties"
  ip netns exec "${P}${node}" env KARAF_EXEC=exec JAVA_HOME="$JAVA_HOME" "$dir/bin/karaf" run \
    >"$WORK/$node.out" 2>&1 </dev/null &
  PIDS+=("$!")
  log "node $node: pid $!, cluster 10.231.0.$n:5701, ws://10.232.$n.2:8080/ws, copy $dir"
done

export JUNCTION_PARTITION_PREFIX="$P" JUNCTION_PARTITION_WORK="$WORK" JUNCTION_MEMBER_TIMEOUT="$MEMBER_TIMEOUT" \
  JUNCTION_MERGE_INTERVAL="$MERGE_INTERVAL"
set +e
ip netns exec "$HUB" "$PYTHON" -u "$ROOT/scripts/cluster_partition.py"
rc=$?
set -e
for node in a b c; do
  grep -h -E 'Cluster .*(joined|left|merg)|MERGE|Merging|split' "$WORK/$node/data/log/karaf.log" 2>/dev/null \
    | sed "s/^/  [$node] /" | cut -c1-240 | tail -8 >&2 || true
done
log "exit $rc"
exit "$rc"
