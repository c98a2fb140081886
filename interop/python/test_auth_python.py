"""autobahn-python (Crossbar's WAMP engine) authenticating against the fixture listener `auth`
(interop/src/test/etc: dev.junction.transport.websocket-auth.cfg and the dev.junction.auth.principal-*.cfg files):
ticket, WAMP-CRA plain and salted, cryptosign (PyNaCl), each with a refused variant paired with a successful join.
Skipped when the harness did not start the fixture (JUNCTION_PORT_AUTH unset).
"""
import asyncio
import os
import unittest

import txaio

txaio.use_asyncio()

from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.asyncio.websocket import WampWebSocketClientFactory  # noqa: E402
from autobahn.wamp import auth  # noqa: E402
from autobahn.wamp.serializer import JsonSerializer, MsgPackSerializer  # noqa: E402
from autobahn.wamp.types import ComponentConfig  # noqa: E402

PORT = os.environ.get("JUNCTION_PORT_AUTH")
REALM = os.environ.get("JUNCTION_REALM", "realm1")
OP_TIMEOUT = float(os.environ.get("JUNCTION_OP_TIMEOUT", "10"))
DAVE_SEED = bytes.fromhex("6a756e6374696f6e2d696e7465726f702d646176652d736565642d3332627974")

if not os.environ.get("JUNCTION_DEBUG"):
    txaio.start_logging(level="critical")


class Refused(Exception):
    def __init__(self, reason, message):
        super().__init__(f"ABORT {reason} {message}")
        self.reason = reason
        self.message = message


class _AuthSession(ApplicationSession):
    def __init__(self, config, joined, left, authmethods, authid, authextra, answer):
        super().__init__(config)
        self._joined, self._left = joined, left
        self._authmethods, self._authid, self._authextra, self._answer = authmethods, authid, authextra, answer

    def onConnect(self):
        self.join(self.config.realm, self._authmethods, self._authid, authextra=self._authextra)

    def onChallenge(self, challenge):
        return self._answer(challenge)

    def onJoin(self, details):
        if not self._joined.done():
            self._joined.set_result(details)

    def onLeave(self, details):
        if not self._joined.done():
            self._joined.set_exception(Refused(details.reason, details.message))
        return super().onLeave(details)

    def onDisconnect(self):
        if not self._joined.done():
            self._joined.set_exception(ConnectionError("disconnected before WELCOME"))
        if not self._left.done():
            self._left.set_result(None)
        super().onDisconnect()


async def join(serializer, authmethods, authid, answer, authextra=None):
    """Joins the auth listener; returns (session, details, left) or raises Refused."""
    loop = asyncio.get_running_loop()
    joined, left = loop.create_future(), loop.create_future()
    made = []

    def make():
        s = _AuthSession(ComponentConfig(realm=REALM), joined, left, authmethods, authid, authextra, answer)
        made.append(s)
        return s

    ser = JsonSerializer() if serializer == "json" else MsgPackSerializer()
    factory = WampWebSocketClientFactory(make, url=f"ws://127.0.0.1:{PORT}/ws", serializers=[ser])
    await asyncio.wait_for(loop.create_connection(factory, "127.0.0.1", int(PORT)), OP_TIMEOUT)
    try:
        details = await asyncio.wait_for(joined, OP_TIMEOUT)
    finally:
        if not joined.done() or joined.exception() is not None:
            if made and made[0]._transport:
                made[0]._transport.close()
    return made[0], details, left


def ticket(value):
    return lambda challenge: value


def cra(password):
    def answer(challenge):
        extra = challenge.extra
        key = password.encode("utf8")
        if "salt" in extra:
            key = auth.derive_key(password.encode("utf8"), extra["salt"].encode("utf8"), extra["iterations"],
                                  extra["keylen"])
        return auth.compute_wcs(key, extra["challenge"].encode("utf8")).decode("ascii")
    return answer


@unittest.skipUnless(PORT, "fixture listener auth not started (JUNCTION_PORT_AUTH unset)")
class _Base:
    SER = None

    async def joined_as(self, authmethods, authid, answer, expect_authid, expect_role, authextra=None):
        session, details, left = await join(self.SER, authmethods, authid, answer, authextra)
        try:
            self.assertEqual(details.authid, expect_authid)
            self.assertEqual(details.authrole, expect_role)
            self.assertEqual(details.authmethod, authmethods[0])
            self.assertEqual(details.authprovider, "static")
        finally:
            session.leave()
            await asyncio.wait_for(left, OP_TIMEOUT)

    async def refused(self, reason, authmethods, authid, answer, authextra=None):
        with self.assertRaises(Refused) as ctx:
            await join(self.SER, authmethods, authid, answer, authextra)
        self.assertEqual(ctx.exception.reason, reason)
        return ctx.exception

    async def asyncSetUp(self):
        # The harness waits only for the default listener: poll this one.
        deadline = asyncio.get_running_loop().time() + 60
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", int(PORT))
                writer.close()
                return
            except OSError:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    async def test_ticket(self):
        """ticket: right ticket joins; wrong ticket, unknown authid refused"""
        await self.joined_as(["ticket"], "alice", ticket("alice-ticket"), "alice", "user")
        await self.refused("wamp.error.authentication_failed", ["ticket"], "alice", ticket("nope"))
        await self.refused("wamp.error.no_such_principal", ["ticket"], "mallory", ticket("x"))

    async def test_wampcra(self):
        """wampcra plain and salted: right password joins, wrong one refused"""
        await self.joined_as(["wampcra"], "carol", cra("carol-secret"), "carol", "user")
        await self.joined_as(["wampcra"], "peter", cra("secret1"), "peter", "frontend")
        await self.refused("wamp.error.authentication_failed", ["wampcra"], "peter", cra("secret2"))
        await self.refused("wamp.error.authentication_failed", ["wampcra"], "carol", cra("wrong"))

    async def test_cryptosign(self):
        """cryptosign: dave's key joins; a tampered signature and an unknown key are refused"""
        from autobahn.wamp.cryptosign import CryptosignKey
        key = CryptosignKey.from_bytes(DAVE_SEED)
        pub = key.public_key()
        await self.joined_as(["cryptosign"], "dave", key.sign_challenge, "dave", "device",
                             {"pubkey": pub, "channel_binding": None})

        async def tampered(challenge):
            sig = await key.sign_challenge(challenge)
            return ("1" if sig[0] == "0" else "0") + sig[1:]
        await self.refused("wamp.error.authentication_failed", ["cryptosign"], "dave", tampered,
                           {"pubkey": pub, "channel_binding": None})
        stranger = CryptosignKey.from_bytes(os.urandom(32))
        await self.refused("wamp.error.no_such_principal", ["cryptosign"], None, stranger.sign_challenge,
                           {"pubkey": stranger.public_key(), "channel_binding": None})

    async def test_method_not_offered(self):
        """a method the listener does not offer: no_matching_auth_method (control: ticket joins)"""
        await self.refused("wamp.error.no_matching_auth_method", ["anonymous"], None, ticket("x"))
        await self.joined_as(["ticket"], "alice", ticket("alice-ticket"), "alice", "user")


class AuthJson(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "json"


class AuthMsgPack(_Base, unittest.IsolatedAsyncioTestCase):
    SER = "msgpack"


if __name__ == "__main__":
    unittest.main()
