package dev.junction.metrics.internal;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import com.codahale.metrics.jmx.ObjectNameFactory;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.util.HierarchicalNameMapper;

/**
 * Stable JMX ObjectNames: {@code dev.junction.metrics:name=<meter name>,<tag>=<value>,...}, e.g.
 * {@code dev.junction.metrics:name=junction.messages.received,realm=realm1,message_type=CALL}. The meter name is the
 * Micrometer (dotted) name; tags keep the order Micrometer sorts them in (by key). Micrometer hands Dropwizard one
 * string per meter, so the name and tags travel in it separated by a character no name or tag value contains.
 */
final class JmxNames implements HierarchicalNameMapper, ObjectNameFactory {
    static final String DOMAIN = "dev.junction.metrics";
    private static final char SEPARATOR = '\u0001';

    @Override
    public String toHierarchicalName(Meter.Id id, NamingConvention convention) {
        StringBuilder b = new StringBuilder(id.getName());
        for (Tag tag : id.getTagsAsIterable()) {
            b.append(SEPARATOR).append(tag.getKey()).append('=').append(tag.getValue());
        }
        return b.toString();
    }

    @Override
    public ObjectName createName(String type, String domain, String name) {
        String[] parts = name.split(String.valueOf(SEPARATOR));
        StringBuilder b = new StringBuilder(DOMAIN).append(":name=").append(value(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            b.append(',').append(parts[i], 0, eq).append('=').append(value(parts[i].substring(eq + 1)));
        }
        try {
            return new ObjectName(b.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("no ObjectName for meter " + name.replace(SEPARATOR, ' '), e);
        }
    }

    /** Quotes a value only when ObjectName syntax needs it, so that plain names read as they are. */
    static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (",=:\"*?\n".indexOf(v.charAt(i)) >= 0) {
                return ObjectName.quote(v);
            }
        }
        return v.isEmpty() ? ObjectName.quote(v) : v;
    }
}
