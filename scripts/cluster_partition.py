"""The clients and checks of scripts/cluster-partition.sh (run by it inside the hub namespace; not standalone).

Nodes A, B, C (one Karaf each, own network namespace). Clients: a subscriber on every node, publishers on A and C,
callees of one shared (roundrobin) procedure on A and C, callers on B and C. Steps, each with its checks:

1. joined: every node lists three members; events and calls cross every way.
2. split (C's cluster link down): A and B list two members, C one, within the member timeout; A's events reach B
   and not C, C's reach C's own subscriber and not A or B; B's calls of the shared procedure go to A only, C's to
   C; each side accepts a single registration of the same procedure (the split-brain duplicate).
3. healed (link up): every node lists three members again within the merge interval; events and calls cross every
   way again; what becomes of the duplicate single registration is printed (the README says what is guaranteed).
Every client stays connected throughout: the cut is on the cluster link only.
"""
import asyncio
import json
import os
import re
import subprocess
import sys
import time
import uuid

from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import ComponentConfig, PublishOptions, RegisterOptions

P = os.environ["JUNCTION_PARTITION_PREFIX"]
WORK = os.environ["JUNCTION_PARTITION_WORK"]
MEMBER_TIMEOUT = int(os.environ["JUNCTION_MEMBER_TIMEOUT"])
MERGE_INTERVAL = int(os.environ["JUNCTION_MERGE_INTERVAL"])
NODES = {"A": 1, "B": 2, "C": 3}
URL = {n: "ws://10.232.%d.2:8080/ws" % i for n, i in NODES.items()}
REALM = "realm1"
TIMEOUT = 30
checks = []
facts = {}
t_start = time.monotonic()


def say(text):
    print("[%6.1f s] %s" % (time.monotonic() - t_start, text), flush=True)


def check(name, ok, detail=""):
    checks.append((name, bool(ok)))
    say(("PASS " if ok else "FAIL ") + name + ((": " + str(detail)) if detail != "" else ""))


def password(node):
    text = open(os.path.join(WORK, node.lower(), "etc/users.properties")).read()
    return re.search(r"(?m)^partition = ([^,]+),", text).group(1)


def shell(node, command):
    ns = P + node.lower()
    client = os.path.join(WORK, node.lower(), "bin/client")
    r = subprocess.run(["ip", "netns", "exec", ns, client, "-h", "127.0.0.1", "-a", "8101", "-u", "partition",
                        "-p", password(node), "-r", "30", "-d", "1", "-b"], input=command + "\n",
                       capture_output=True, text=True, timeout=90)
    return r.stdout + r.stderr


def member_count(node):
    out = shell(node, "junction:cluster")
    if "State: joined" not in out:
        return -1, out
    return len(re.findall(r"(?m)^\s*[0-9a-f-]{36}\s*[│|]", out)), out


async def await_members(expect, bound):
    """Polls junction:cluster on every node until each lists expect[node] members; returns the seconds it took."""
    t0 = time.monotonic()
    while True:
        counts = {}
        for node, n in expect.items():
            counts[node] = (await asyncio.get_running_loop().run_in_executor(None, member_count, node))[0]
        if all(counts[n] == expect[n] for n in expect):
            return time.monotonic() - t0
        if time.monotonic() - t0 > bound:
            raise TimeoutError("members %s, expected %s" % (counts, expect))
        await asyncio.sleep(0.5)


def link(node, state):
    subprocess.run(["ip", "-n", P + "hub", "link", "set", P + "h" + node.lower(), state], check=True)


class Peer(ApplicationSession):
    async def onJoin(self, details):
        self.joined.set_result(details.session)

    def onLeave(self, details):
        self.left = details.reason
        self.disconnect()


async def connect(node):
    loop = asyncio.get_running_loop()
    session = Peer(ComponentConfig(REALM))
    session.joined = loop.create_future()
    session.left = None
    factory = WampWebSocketClientFactory(lambda: session, url=URL[node])
    await loop.create_connection(factory, "10.232.%d.2" % NODES[node], 8080)
    await asyncio.wait_for(session.joined, TIMEOUT)
    return session


async def wait_until(condition, bound=TIMEOUT):
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def call(session, procedure):
    try:
        return await asyncio.wait_for(session.call(procedure), TIMEOUT)
    except ApplicationError as e:
        return e.error


async def probe(publisher, topic, tag, stores, bound=TIMEOUT):
    """Publishes tag probes until every store got one; False if the bound passed first."""
    deadline = time.monotonic() + bound
    while not all(any(e[0] == tag for e in s) for s in stores):
        if time.monotonic() > deadline:
            return False
        await publisher.publish(topic, tag, options=PublishOptions(acknowledge=True))
        await asyncio.sleep(0.1)
    return True


async def callers_reach(caller, procedure, wanted, bound=TIMEOUT):
    seen = set()
    deadline = time.monotonic() + bound
    while not wanted <= seen and time.monotonic() < deadline:
        seen.add(await call(caller, procedure))
    return seen


async def main():
    say("waiting for three members on every node")
    took = await await_members({"A": 3, "B": 3, "C": 3}, 240)
    say("joined (%.1f s)" % took)
    base = "com.junction.partition." + uuid.uuid4().hex[:8]
    topic, shared, dup = base + ".t", base + ".shared", base + ".dup"
    subs = {n: await connect(n) for n in NODES}
    seen = {n: [] for n in NODES}
    for n, s in subs.items():
        await s.subscribe(lambda *a, _n=n: seen[_n].append(list(a)), topic)
    pub_a, pub_c = await connect("A"), await connect("C")
    callee_a, callee_c = await connect("A"), await connect("C")
    caller_b, caller_c = await connect("B"), await connect("C")
    rr = RegisterOptions(invoke="roundrobin")
    await callee_a.register(lambda: "A", shared, options=rr)
    await callee_c.register(lambda: "C", shared, options=rr)
    everyone = [*subs.values(), pub_a, pub_c, callee_a, callee_c, caller_b, caller_c]

    # 1. joined
    check("joined: A's events reach B and C", await probe(pub_a, topic, "j-a", [seen["B"], seen["C"]]))
    check("joined: C's events reach A and B", await probe(pub_c, topic, "j-c", [seen["A"], seen["B"]]))
    reached = await callers_reach(caller_b, shared, {"A", "C"})
    check("joined: B's calls of the shared procedure reach A and C", reached == {"A", "C"}, sorted(reached))

    # 2. split
    say("cutting C's cluster link")
    link("C", "down")
    took = await await_members({"A": 2, "B": 2, "C": 1}, MEMBER_TIMEOUT + 60)
    facts["split_detected_s"] = round(took, 1)
    check("split: A and B list two members, C one (member_timeout %d s)" % MEMBER_TIMEOUT, True,
          "after %.1f s of polling the shells" % took)
    for i in range(10):
        await pub_a.publish(topic, "s-a", i, options=PublishOptions(acknowledge=True))
        await pub_c.publish(topic, "s-c", i, options=PublishOptions(acknowledge=True))
    got_b = await wait_until(lambda: len([e for e in seen["B"] if e[0] == "s-a"]) == 10)
    got_c = await wait_until(lambda: len([e for e in seen["C"] if e[0] == "s-c"]) == 10)
    check("split: A's 10 events reach B (positive control)", got_b)
    check("split: C's 10 events reach C's own subscriber (positive control)", got_c)
    check("split: none of A's events reach C", not any(e[0] == "s-a" for e in seen["C"]))
    check("split: none of C's events reach A or B", not any(e[0] == "s-c" for e in seen["A"] + seen["B"]))
    answers_b = {await call(caller_b, shared) for _ in range(10)}
    answers_c = {await call(caller_c, shared) for _ in range(10)}
    check("split: B's calls of the shared procedure go to A only", answers_b == {"A"}, sorted(answers_b))
    check("split: C's calls go to C", answers_c == {"C"}, sorted(answers_c))
    dup_a, dup_c = await connect("A"), await connect("C")
    everyone += [dup_a, dup_c]
    await dup_a.register(lambda: "A", dup)
    await dup_c.register(lambda: "C", dup)
    check("split: each side accepts a single registration of the same procedure (the split-brain duplicate)", True)

    # 3. healed
    say("healing C's cluster link")
    link("C", "up")
    took = await await_members({"A": 3, "B": 3, "C": 3}, MERGE_INTERVAL + 120)
    facts["healed_s"] = round(took, 1)
    check("healed: every node lists three members (merge_interval %d s)" % MERGE_INTERVAL, True,
          "after %.1f s of polling the shells" % took)
    check("healed: A's events reach C again", await probe(pub_a, topic, "h-a", [seen["B"], seen["C"]]))
    check("healed: C's events reach A and B again", await probe(pub_c, topic, "h-c", [seen["A"], seen["B"]]))
    reached = await callers_reach(caller_b, shared, {"A", "C"})
    check("healed: B's calls of the shared procedure reach A and C again", reached == {"A", "C"}, sorted(reached))
    facts["duplicate_from_b"] = sorted({await call(caller_b, dup) for _ in range(10)})
    facts["duplicate_from_a"] = sorted({await call(caller_a, dup) for caller_a in [callee_a] for _ in range(3)})
    facts["duplicate_from_c"] = sorted({await call(caller_c, dup) for _ in range(3)})
    third = await connect("B")
    everyone.append(third)
    try:
        await third.register(lambda: "B", dup)
        facts["duplicate_new_registration_on_b"] = "registered"
    except ApplicationError as e:
        facts["duplicate_new_registration_on_b"] = e.error
    check("every client stayed connected through the split and the heal", all(s.left is None for s in everyone))
    for node in NODES:
        facts["cluster_" + node] = member_count(node)[1]

    print("RESULT " + json.dumps({k: v for k, v in facts.items() if not k.startswith("cluster_")}))
    for node in NODES:
        print("---- junction:cluster on %s after the heal\n%s" % (node, facts["cluster_" + node].strip()))
    failed = [name for name, ok in checks if not ok]
    print("%d checks, %d failed%s" % (len(checks), len(failed), (": " + "; ".join(failed)) if failed else ""))
    for s in everyone:
        s.leave()
    await asyncio.sleep(0.2)
    return 1 if failed else 0


try:
    sys.exit(asyncio.run(main()))
except Exception as e:
    say("ABORTED: %r" % e)
    failed = [name for name, ok in checks if not ok]
    print("%d checks before the abort, %d failed" % (len(checks), len(failed)))
    sys.exit(1)
