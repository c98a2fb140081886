// wampy.js 8 (on the `ws` package) against Junction, over wamp.2.json and wamp.2.msgpack.
import { defineClientSuite } from '../lib/scenarios.mjs';
import { SERIALIZERS } from '../lib/clients.mjs';

for (const ser of SERIALIZERS) defineClientSuite('wampy', ser);
