package dev.junction.serializer.json.internal;

import java.util.Base64;

/**
 * The WAMP convention for binary values in JSON: a string whose first character is {@code \u0000}, followed by the
 * Base64 encoding (standard alphabet, padded) of the bytes.
 */
final class JsonBinary {
    private static final Base64.Decoder DECODER = Base64.getDecoder();
    private static final Base64.Encoder ENCODER = Base64.getEncoder();

    private JsonBinary() {
    }

    /**
     * The value a JSON string stands for: its bytes when it follows the convention, else the string itself (also
     * when what follows the {@code \u0000} is not valid Base64).
     */
    static Object fromJson(String s) {
        if (s.isEmpty() || s.charAt(0) != '\u0000') {
            return s;
        }
        try {
            return DECODER.decode(s.substring(1));
        } catch (IllegalArgumentException notBase64) {
            return s;
        }
    }

    /** The JSON string that stands for {@code bytes}. */
    static String toJson(byte[] bytes) {
        return "\u0000" + ENCODER.encodeToString(bytes);
    }
}
