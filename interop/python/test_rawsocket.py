"""autobahn-python (Debian python3-autobahn 22.7.1) over WAMP-over-RawSocket against Junction's fixture listeners
(interop/src/test/etc): asyncio ApplicationRunner with rs:// and rss:// URLs, JSON and MsgPack, TLS with the test CA.

Needs JUNCTION_PORT_RAWSOCKET (and JUNCTION_PORT_RAWSOCKET_TLS for TLS); skipped without them.
"""
import asyncio
import os
import socket
import ssl
import time
import unittest
import uuid

import txaio

txaio.use_asyncio()

from autobahn.asyncio import rawsocket as _asyncio_rawsocket  # noqa: E402
from autobahn.asyncio.wamp import ApplicationRunner, ApplicationSession  # noqa: E402
from autobahn.wamp.serializer import JsonSerializer, MsgPackSerializer  # noqa: E402
from autobahn.wamp.types import PublishOptions  # noqa: E402

REALM = os.environ.get("JUNCTION_REALM", "realm1")
OP_TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "10"))
PORT = os.environ.get("JUNCTION_PORT_RAWSOCKET")
TLS_PORT = os.environ.get("JUNCTION_PORT_RAWSOCKET_TLS")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "etc", "tls")

if not os.environ.get("JUNCTION_DEBUG"):
    txaio.start_logging(level="critical")

# Client quirk, not router behaviour: autobahn-python 22.7.1 (Debian) crashes on WELCOME over asyncio RawSocket,
# "'WampRawSocketClientProtocol' object has no attribute 'transport_details'" (crossbario/autobahn-python#1592,
# fixed upstream in #1593, released in 22.8). The fix adds this property; the transport details themselves are
# already collected in connection_made().
if not hasattr(_asyncio_rawsocket.PrefixProtocol, "transport_details"):
    _asyncio_rawsocket.PrefixProtocol.transport_details = property(lambda self: self._transport_details)


def wait_for_port(port, seconds=60):
    """Fixture listeners come up after the harness's own wait: poll until one accepts."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def unique_uri(name):
    return f"com.junction.interop.r{uuid.uuid4().hex[:12]}.{name}"


class _Session(ApplicationSession):
    def __init__(self, config, joined):
        super().__init__(config)
        self._joined = joined

    async def onJoin(self, details):
        if not self._joined.done():
            self._joined.set_result(details)

    def onDisconnect(self):
        if not self._joined.done():
            self._joined.set_exception(ConnectionError("disconnected before join"))


async def open_session(url, serializer, ssl_context=None):
    """Joins through ApplicationRunner (start_loop=False: the test's own loop), as an application would."""
    joined = asyncio.get_running_loop().create_future()
    sessions = []

    def make(config):
        session = _Session(config, joined)
        sessions.append(session)
        return session

    runner = ApplicationRunner(url, REALM, serializers=[serializer], ssl=ssl_context)
    transport, _ = await asyncio.wait_for(runner.run(make, start_loop=False), OP_TIMEOUT)
    details = await asyncio.wait_for(joined, OP_TIMEOUT)
    return sessions[0], details, transport


@unittest.skipUnless(PORT, "JUNCTION_PORT_RAWSOCKET not set (no fixture listener)")
class RawSocketTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        wait_for_port(PORT)
        self.transports = []

    async def asyncTearDown(self):
        for transport in self.transports:
            transport.close()

    async def open(self, serializer):
        session, details, transport = await open_session(f"rs://127.0.0.1:{PORT}", serializer)
        self.transports.append(transport)
        return session, details

    async def test_json_and_msgpack_call_each_other_and_pubsub(self):
        json_session, details = await self.open(JsonSerializer())
        self.assertEqual(details.realm, REALM)
        msgpack_session, _ = await self.open(MsgPackSerializer())

        procedure = unique_uri("concat")
        await asyncio.wait_for(json_session.register(lambda a, b: f"{a}{b}", procedure), OP_TIMEOUT)
        self.assertEqual(await asyncio.wait_for(msgpack_session.call(procedure, "rs", "ok"), OP_TIMEOUT), "rsok")

        topic = unique_uri("topic")
        events = asyncio.Queue()
        await asyncio.wait_for(msgpack_session.subscribe(lambda *args: events.put_nowait(list(args)), topic),
                               OP_TIMEOUT)
        await asyncio.wait_for(json_session.publish(topic, 1, "two", options=PublishOptions(acknowledge=True)),
                               OP_TIMEOUT)
        self.assertEqual(await asyncio.wait_for(events.get(), OP_TIMEOUT), [1, "two"])

    async def test_binary_payload_over_msgpack(self):
        session, _ = await self.open(MsgPackSerializer())
        procedure = unique_uri("echo")
        await asyncio.wait_for(session.register(lambda b: b, procedure), OP_TIMEOUT)
        payload = bytes(range(256)) * 64
        self.assertEqual(await asyncio.wait_for(session.call(procedure, payload), OP_TIMEOUT), payload)


@unittest.skipUnless(TLS_PORT, "JUNCTION_PORT_RAWSOCKET_TLS not set (no fixture listener)")
class RawSocketTlsTests(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self):
        wait_for_port(TLS_PORT)
        self.transports = []

    async def asyncTearDown(self):
        for transport in self.transports:
            transport.close()

    async def test_rss_with_the_test_ca_and_a_client_certificate(self):
        context = ssl.create_default_context(cafile=os.path.join(FIXTURES, "ca.crt"))
        context.load_cert_chain(os.path.join(FIXTURES, "client.crt"), os.path.join(FIXTURES, "client.key"))
        session, details, transport = await open_session(f"rss://localhost:{TLS_PORT}", MsgPackSerializer(), context)
        self.transports.append(transport)
        self.assertIn(transport.get_extra_info("ssl_object").version(), ("TLSv1.2", "TLSv1.3"))
        procedure = unique_uri("add")
        await asyncio.wait_for(session.register(lambda a, b: a + b, procedure), OP_TIMEOUT)
        self.assertEqual(await asyncio.wait_for(session.call(procedure, 2, 3), OP_TIMEOUT), 5)

    async def test_untrusted_server_certificate_is_refused_by_the_client(self):
        # Negative control for the test above: without the test CA the default context must refuse the server.
        with self.assertRaises(ssl.SSLError):
            await open_session(f"rss://localhost:{TLS_PORT}", JsonSerializer(), ssl.create_default_context())


if __name__ == "__main__":
    unittest.main()
