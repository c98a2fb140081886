package dev.junction.transport.rawsocket.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking RawSocket test client over any socket (plain or TLS). */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Sends the 4 handshake octets and returns the 4 of the reply. */
    byte[] handshake(int... octets) throws IOException {
        byte[] hello = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            hello[i] = (byte) octets[i];
        }
        out.write(hello);
        out.flush();
        byte[] reply = new byte[4];
        in.readFully(reply);
        return reply;
    }

    void send(int type, byte[] payload) throws IOException {
        out.write(new byte[] { (byte) type, (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                (byte) payload.length });
        out.write(payload);
        out.flush();
    }

    void sendText(String text) throws IOException {
        send(0, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One frame: {@code [type, payload]}. */
    Object[] receive() throws IOException {
        int type = in.readUnsignedByte();
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Object[] { type, payload };
    }

    String receiveText() throws IOException {
        Object[] frame = receive();
        if ((int) frame[0] != 0) {
            throw new AssertionError("frame type " + frame[0]);
        }
        return new String((byte[]) frame[1], StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain what was in flight
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
