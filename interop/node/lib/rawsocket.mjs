// A minimal WAMP-over-RawSocket peer on node:net / node:tls (exact bytes on the wire), for the serializers and
// checks autobahn-js cannot do: its Node RawSocket transport speaks JSON only.
import net from 'node:net';
import tls from 'node:tls';
import { Inbox, withTimeout, deferred, OP_TIMEOUT_MS } from './env.mjs';
import { pack, unpack } from './raw.mjs';

export const SERIALIZER_IDS = { json: 1, msgpack: 2, cbor: 3 };

/** Resolves once something accepts TCP connections on `port` (fixture listeners start after the harness waits). */
export async function waitForPort(port, ms = 60000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export class RawSocketPeer {
  /**
   * Connects and sends the handshake; `reply` resolves with the 4 reply octets.
   * options: tls (node:tls connect options, e.g. {ca}), lengthExponent (0..15, default 15 = 16 MiB),
   * serializerId (default from serializer), reserved (the last two octets, default [0, 0]).
   */
  static async connect(port, serializer = 'json', options = {}) {
    const socket = options.tls
      ? tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options.tls })
      : net.connect({ host: '127.0.0.1', port });
    const peer = new RawSocketPeer(socket, serializer);
    await withTimeout(new Promise((resolve, reject) => {
      socket.once(options.tls ? 'secureConnect' : 'connect', resolve);
      socket.once('error', reject);
    }), `${options.tls ? 'TLS' : 'TCP'} connect to ${port}`);
    const exponent = options.lengthExponent ?? 15;
    const id = options.serializerId ?? SERIALIZER_IDS[serializer];
    const [r1, r2] = options.reserved ?? [0, 0];
    socket.write(Buffer.from([0x7f, (exponent << 4) | id, r1, r2]));
    return peer;
  }

  constructor(socket, serializer) {
    this.socket = socket;
    this.serializer = serializer;
    this.inbox = new Inbox(`rawsocket/${serializer} message`);
    this.pongs = new Inbox('PONG');
    this.buffer = Buffer.alloc(0);
    this.handshakeDone = false;
    const reply = deferred();
    this.reply = reply.promise;
    const ended = deferred();
    this.ended = ended.promise;
    socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data]);
      if (!this.handshakeDone && this.buffer.length >= 4) {
        this.handshakeDone = true;
        reply.resolve([...this.buffer.subarray(0, 4)]);
        this.buffer = this.buffer.subarray(4);
      }
      while (this.handshakeDone && this.buffer.length >= 4) {
        const type = this.buffer[0];
        const length = this.buffer.readUIntBE(1, 3);
        if (this.buffer.length < 4 + length) break;
        const payload = this.buffer.subarray(4, 4 + length);
        this.buffer = this.buffer.subarray(4 + length);
        if (type === 0) this.inbox.push(this.decode(payload));
        else if (type === 1) this.frame(2, payload); // answer PINGs
        else if (type === 2) this.pongs.push(Buffer.from(payload));
      }
    });
    socket.on('close', () => ended.resolve(true));
    socket.on('error', () => {});
  }

  decode(payload) {
    return this.serializer === 'json' ? JSON.parse(payload.toString('utf8')) : unpack(payload);
  }

  frame(type, payload) {
    const header = Buffer.alloc(4);
    header[0] = type;
    header.writeUIntBE(payload.length, 1, 3);
    this.socket.write(Buffer.concat([header, payload]));
  }

  send(message) {
    this.frame(0, this.serializer === 'json' ? Buffer.from(JSON.stringify(message), 'utf8') : pack(message));
  }

  next(what) {
    return this.inbox.next(what);
  }

  /** Resolves true when the router closed the connection within the operation timeout. */
  closedByRouter(ms = OP_TIMEOUT_MS) {
    return withTimeout(this.ended, 'the router to close the connection', ms);
  }

  close() {
    this.socket.end();
  }
}
