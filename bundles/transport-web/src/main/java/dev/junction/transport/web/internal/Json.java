package dev.junction.transport.web.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of this bundle (thread-safe once configured). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
