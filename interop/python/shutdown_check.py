"""Graceful shutdown as autobahn-python sees it (run by ShutdownIT, not by unittest discovery).

A callee registers a procedure that takes 1.5 s; a caller calls it; then the Junction JVM gets SIGTERM. The
router must let the call finish, then say GOODBYE wamp.close.system_shutdown to both sessions. Prints one JSON
line with what the clients saw.
"""
import asyncio
import json
import os
import signal
import sys

from autobahn.asyncio.wamp import ApplicationSession
from autobahn.asyncio.websocket import WampWebSocketClientFactory
from autobahn.wamp.types import ComponentConfig

URL = os.environ["JUNCTION_URL"]
REALM = os.environ.get("JUNCTION_REALM", "realm1")
seen = {}


class Peer(ApplicationSession):
    async def onJoin(self, details):
        if self.config.extra == "callee":
            async def slow():
                await asyncio.sleep(1.5)
                return "finished"
            await self.register(slow, "com.junction.interop.shutdown.slow")
        self.ready.set_result(True)

    def onLeave(self, details):
        seen[self.config.extra + "_left"] = details.reason
        self.disconnect()


async def connect(role):
    loop = asyncio.get_running_loop()
    session = Peer(ComponentConfig(REALM, extra=role))
    session.ready = loop.create_future()
    host, port = URL.split("//")[1].split("/")[0].rsplit(":", 1)
    factory = WampWebSocketClientFactory(lambda: session, url=URL)
    await loop.create_connection(factory, host.strip("[]"), int(port))
    await asyncio.wait_for(session.ready, 20)
    return session


async def main(pid):
    await connect("callee")
    caller = await connect("caller")
    call = asyncio.ensure_future(caller.call("com.junction.interop.shutdown.slow"))
    await asyncio.sleep(0.3)  # the INVOCATION is at the callee
    os.kill(pid, signal.SIGTERM)
    try:
        seen["call"] = await asyncio.wait_for(call, 15)
    except Exception as e:  # noqa: BLE001 - reported, the test decides
        seen["call"] = "error: %s" % e
    for _ in range(100):
        if "callee_left" in seen and "caller_left" in seen:
            break
        await asyncio.sleep(0.1)
    print(json.dumps(seen))


asyncio.run(main(int(sys.argv[1])))
