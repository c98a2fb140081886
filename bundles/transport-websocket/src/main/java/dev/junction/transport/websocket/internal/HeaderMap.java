package dev.junction.transport.websocket.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.eclipse.jetty.http.HttpField;

/**
 * The upgrade request's headers as the router sees them (lower-case name to values, in request order, immutable), in
 * two arrays. Every session keeps its handshake request for its life; a {@code LinkedHashMap} of {@code List}s cost
 * about 800 bytes per session for a browser's ten headers, this about 150 (the strings are Jetty's, shared).
 */
final class HeaderMap extends AbstractMap<String, List<String>> {

    private final String[] names;
    /** Per name: its one value (a String, the usual case) or a {@code List<String>} of several. */
    private final Object[] values;

    private HeaderMap(String[] names, Object[] values) {
        this.names = names;
        this.values = values;
    }

    static HeaderMap of(Iterable<HttpField> fields) {
        List<String> names = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (HttpField field : fields) {
            String name = field.getLowerCaseName();
            int i = names.indexOf(name);
            if (i < 0) {
                names.add(name);
                values.add(field.getValue());
            } else {
                List<String> several = new ArrayList<>(asList(values.get(i)));
                several.add(field.getValue());
                values.set(i, several);
            }
        }
        values.replaceAll(v -> v instanceof List<?> l ? List.copyOf(asList(l)) : v);
        return new HeaderMap(names.toArray(String[]::new), values.toArray());
    }

    @SuppressWarnings("unchecked")
    private static List<String> asList(Object value) {
        return value instanceof String s ? List.of(s) : (List<String>) value;
    }

    @Override
    public List<String> get(Object key) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(key)) {
                return asList(values[i]);
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        for (String name : names) {
            if (name.equals(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, List<String>>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Map.Entry<String, List<String>> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(names[i], asList(values[i]));
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }
}
