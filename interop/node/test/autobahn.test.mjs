// autobahn-js 22.11.1 (Crossbar's own JS client) against Junction, over wamp.2.json and wamp.2.msgpack.
import { defineClientSuite } from '../lib/scenarios.mjs';
import { SERIALIZERS } from '../lib/clients.mjs';

for (const ser of SERIALIZERS) defineClientSuite('autobahn', ser);
