package dev.junction.cluster.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.junction.spi.config.ConfigValidator;

/**
 * One node's cluster configuration ({@code dev.junction.cluster}), checked: a bad value is refused with the PID,
 * key, value and what is allowed.
 *
 * @param clusterName members with the same name form one cluster
 * @param members the addresses ({@code host} or {@code host:port}) TCP/IP discovery tries; multicast is off
 * @param iface the interface the member binds and talks on (an address of this host, or a pattern like
 *        {@code 10.0.0.*})
 * @param port the member's port (no auto-increment: a busy port is an error, not a surprise)
 * @param heartbeatSeconds how often members tell each other they are alive
 * @param memberTimeoutSeconds after how long without a heartbeat a member counts as gone (its sessions'
 *        subscriptions disappear from the other nodes then)
 * @param connectionTimeoutSeconds how long a connection attempt to a listed member may take
 * @param mismatch what a joining node does when its realm/role/principal configuration differs from the others'
 * @param mergeIntervalSeconds how often a member looks for the other side of a split brain among the listed members
 *        (Hazelcast's split-brain merge task, first run and every run after); after a partition heals, the two sides
 *        become one cluster again within about this time
 */
record ClusterSettings(String clusterName, List<String> members, String iface, int port, int heartbeatSeconds,
        int memberTimeoutSeconds, int connectionTimeoutSeconds, JoinCheck.Mode mismatch, int mergeIntervalSeconds) {

    /** The settings of the first increment, with the default merge interval (tests build them so). */
    ClusterSettings(String clusterName, List<String> members, String iface, int port, int heartbeatSeconds,
            int memberTimeoutSeconds, int connectionTimeoutSeconds, JoinCheck.Mode mismatch) {
        this(clusterName, members, iface, port, heartbeatSeconds, memberTimeoutSeconds, connectionTimeoutSeconds,
                mismatch, DEFAULT_MERGE_INTERVAL);
    }

    static final String PID = "dev.junction.cluster";
    static final String DEFAULT_INTERFACE = "127.0.0.1";
    static final int DEFAULT_PORT = 5701;
    static final int DEFAULT_MERGE_INTERVAL = 30;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** IPv4 with optional '*' or 'a-b' ranges per octet: Hazelcast's interface syntax. */
    private static final Pattern INTERFACE = Pattern.compile(
            "(\\*|\\d{1,3}(-\\d{1,3})?)(\\.(\\*|\\d{1,3}(-\\d{1,3})?)){3}");
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?");

    /** The settings, or the reason they are refused ({@code refusal} non-null). */
    record Parsed(ClusterSettings settings, String refusal) {
    }

    static Parsed parse(Map<String, ?> properties) {
        ConfigValidator v = new ConfigValidator(PID, properties);
        String name = v.string("cluster_name", "junction");
        if (!NAME.matcher(name).matches()) {
            v.error("cluster_name", name, "allowed 1 to 64 of A-Z a-z 0-9 _ . -");
        }
        String iface = v.string("interface", DEFAULT_INTERFACE);
        if (!INTERFACE.matcher(iface).matches() || iface.equals("0.0.0.0")) {
            v.error("interface", iface, "allowed an IPv4 address of this host or a pattern such as 10.0.0.* "
                    + "(not 0.0.0.0: members must not listen on every interface)");
        }
        int port = v.integer("port", DEFAULT_PORT, 1, 65535);
        List<String> members = v.list("members", List.of(iface + ":" + port));
        for (String m : members) {
            if (!MEMBER.matcher(m).matches() || (m.contains(":")
                    && !validPort(m.substring(m.indexOf(':') + 1)))) {
                v.error("members", m, "allowed a list of host or host:port (port 1..65535)");
            }
        }
        int heartbeat = v.integer("heartbeat_interval", 1, 1, 60);
        int timeout = v.integer("member_timeout", 5, 2, 600);
        if (v.ok() && timeout <= heartbeat) {
            v.error("member_timeout", timeout, "allowed more than heartbeat_interval (" + heartbeat + ") .. 600");
        }
        int connect = v.integer("connection_timeout", 5, 1, 60);
        String mode = v.oneOf("config_mismatch", "refuse", "refuse", "warn");
        int merge = v.integer("merge_interval", DEFAULT_MERGE_INTERVAL, 5, 3600);
        if (!v.ok()) {
            return new Parsed(null, v.summary());
        }
        return new Parsed(new ClusterSettings(name, members, iface, port, heartbeat, timeout, connect,
                JoinCheck.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), merge), null);
    }

    private static boolean validPort(String text) {
        try {
            int p = Integer.parseInt(text);
            return p >= 1 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
