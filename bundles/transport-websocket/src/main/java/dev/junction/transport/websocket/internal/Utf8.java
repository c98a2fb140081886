package dev.junction.transport.websocket.internal;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629, section 4): no overlong forms, no surrogates (U+D800 to
 * U+DFFF), nothing above U+10FFFF. A text message that is not gets close code 1007 (RFC 6455, section 8.1).
 *
 * <p>Written out instead of using a {@code CharsetDecoder} because it runs on every inbound text message and needs
 * no output: it allocates nothing, and WAMP's JSON is mostly ASCII, which takes one comparison per byte.
 */
final class Utf8 {

    private Utf8() {
    }

    static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            int b0 = bytes[i];
            if (b0 >= 0) {
                i++;
                continue;
            }
            b0 &= 0xFF;
            if (b0 < 0xC2 || b0 > 0xF4) {
                return false; // a continuation byte where a sequence starts, C0/C1 (overlong) or F5..FF
            }
            if (b0 < 0xE0) {
                if (i + 1 >= to || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b0 < 0xF0) {
                // E0: A0..BF (no overlong), ED: 80..9F (no surrogates)
                int low = b0 == 0xE0 ? 0xA0 : 0x80;
                int high = b0 == 0xED ? 0x9F : 0xBF;
                if (i + 2 >= to || !in(bytes[i + 1], low, high) || !continuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            } else {
                // F0: 90..BF (no overlong), F4: 80..8F (nothing above U+10FFFF)
                int low = b0 == 0xF0 ? 0x90 : 0x80;
                int high = b0 == 0xF4 ? 0x8F : 0xBF;
                if (i + 3 >= to || !in(bytes[i + 1], low, high) || !continuation(bytes[i + 2])
                        || !continuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean in(byte b, int low, int high) {
        int v = b & 0xFF;
        return v >= low && v <= high;
    }
}
