package dev.junction.serializer.json.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized growable byte buffer (unlike {@link java.io.ByteArrayOutputStream}) that hands out its array
 * without a copy when the initial size estimate was exact.
 */
final class ByteSink extends OutputStream {
    private byte[] buf;
    private int size;

    ByteSink(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed < 0) {
            throw new IllegalArgumentException("message too large to encode");
        }
        if (needed > buf.length) {
            int grown = buf.length * 2;
            if (grown < 0) {
                grown = Integer.MAX_VALUE - 8;
            }
            buf = Arrays.copyOf(buf, Math.max(grown, needed));
        }
    }
}
