package dev.junction.api.message;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import dev.junction.api.ProtocolViolationException;
import dev.junction.api.WampIds;

/** Typed, strict access to the elements of a message in wire list form. */
final class Fields {
    private final List<Object> list;
    private final String name;

    Fields(List<Object> list, String name) {
        this.list = list;
        this.name = name;
    }

    void arity(int exact) {
        if (list.size() != exact) {
            throw new ProtocolViolationException(name + " must have " + exact + " elements, has " + list.size());
        }
    }

    void arity(int min, int max) {
        if (list.size() < min || list.size() > max) {
            throw new ProtocolViolationException(
                    name + " must have " + min + " to " + max + " elements, has " + list.size());
        }
    }

    int size() {
        return list.size();
    }

    long id(int i, String field) {
        long v = integer(i, field);
        if (!WampIds.isValid(v)) {
            throw new ProtocolViolationException(name + "." + field + " must be an ID in 1..2^53, was " + v);
        }
        return v;
    }

    /** An ID that may also be 0, as in a revocation's UNREGISTERED. */
    long idOrZero(int i, String field) {
        long v = integer(i, field);
        if (v != 0 && !WampIds.isValid(v)) {
            throw new ProtocolViolationException(name + "." + field + " must be an ID in 0..2^53, was " + v);
        }
        return v;
    }

    long integer(int i, String field) {
        Object o = list.get(i);
        if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        throw new ProtocolViolationException(name + "." + field + " must be an integer, was " + describe(o));
    }

    String string(int i, String field) {
        Object o = list.get(i);
        if (o instanceof String s) {
            return s;
        }
        throw new ProtocolViolationException(name + "." + field + " must be a string, was " + describe(o));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> dict(int i, String field) {
        Object o = list.get(i);
        if (o instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new ProtocolViolationException(name + "." + field + " must have string keys");
                }
            }
            return (Map<String, Object>) m;
        }
        throw new ProtocolViolationException(name + "." + field + " must be a dict, was " + describe(o));
    }

    static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof List) {
            return "a list";
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof String) {
            return "a string";
        }
        if (o instanceof byte[]) {
            return "binary";
        }
        return o.getClass().getSimpleName().toLowerCase();
    }
}
