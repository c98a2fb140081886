package dev.junction.cluster.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a node does when its configuration digest differs from the other members': with {@code refuse} a joining
 * node leaves the cluster again (it keeps serving its own clients as a single node); with {@code warn} it stays and
 * logs the difference. Members that publish no digest yet are not compared.
 */
final class JoinCheck {
    enum Mode { REFUSE, WARN }

    /** The verdict: the members whose digest differs (member -> digest), and whether to leave. */
    record Verdict(Map<String, String> mismatches, boolean leave) {
        boolean matches() {
            return mismatches.isEmpty();
        }
    }

    private JoinCheck() {
    }

    static Verdict check(String localDigest, Map<String, String> othersDigests, Mode mode) {
        Map<String, String> differ = new TreeMap<>();
        othersDigests.forEach((member, digest) -> {
            if (digest != null && !digest.equals(localDigest)) {
                differ.put(member, digest);
            }
        });
        return new Verdict(differ, !differ.isEmpty() && mode == Mode.REFUSE);
    }
}
