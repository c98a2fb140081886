package dev.junction.client.internal;

/**
 * One connection to a router that carries whole WAMP messages, whatever the transport (WebSocket, RawSocket). A
 * link delivers inbound messages on one thread, in order, and sends in the order {@link #send} is called.
 */
interface Link {

    /** What a link reports to its session. */
    interface Receiver {
        void onMessage(byte[] data, boolean binary);

        void onClosed(int code, String reason);
    }

    /** Queues one message; a failure closes the link (the receiver hears of it). */
    void send(byte[] data, boolean binary);

    /**
     * Ends the connection after the queued sends. WebSocket sends a close frame with {@code code} and
     * {@code reason}; RawSocket has none and just closes the socket.
     */
    void close(int code, String reason);

    /** Sends a ping (WebSocket ping frame, RawSocket PING) carrying {@code payload}. */
    void ping(byte[] payload);

    /** {@link System#nanoTime()} when the link last received anything: a message, a pong, a ping. */
    long lastHeardNanos();

    /** Drops the connection at once; the receiver hears {@code 1006} and {@code reason}. */
    void abort(String reason);
}
