package dev.junction.cluster.internal;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;

import dev.junction.api.MatchPolicy;

/**
 * Who holds which registration, decided atomically by the member that owns its key in the partitioned map
 * {@value ClusterNode#CLAIMS_MAP}: a registration (realm, match, procedure) maps to its invocation policy and, per
 * node, how many of the node's callees hold it. A claim is granted when no other node holds the registration, or
 * when every holder uses the same shared policy; two nodes claiming the same {@code single} procedure at the same
 * time are served one after the other by the key's owner, so one of them gets
 * {@code wamp.error.procedure_already_exists}. Claims and releases return at once (the answer arrives later).
 */
final class RegistrationClaims {
    private final IMap<String, Claim> map;
    private final String self;

    /** A registration's policy and its holders (node -> callees), as stored. */
    record Claim(String invoke, TreeMap<String, Integer> holders) implements Serializable {
    }

    RegistrationClaims(IMap<String, Claim> map, String self) {
        this.map = map;
        this.self = self;
    }

    static String key(String realm, MatchPolicy match, String procedure) {
        return realm + '\n' + match.wireName() + '\n' + procedure;
    }

    /** Claims one callee's hold for this node; completes with {@code null} (granted) or the error URI. */
    CompletionStage<String> claim(String realm, MatchPolicy match, String procedure, String invoke) {
        return map.submitToKey(key(realm, match, procedure), new Take(self, invoke));
    }

    /** Gives back one callee's hold of this node. */
    void release(String realm, MatchPolicy match, String procedure) {
        map.submitToKey(key(realm, match, procedure), new Give(self, false));
    }

    /** Gives back every hold of {@code node} (it left the cluster). Blocks: call it off the routing threads. */
    void releaseNode(String node) {
        map.executeOnEntries(new Give(node, true));
    }

    /** The decision, run on the key's owner, one at a time per key. */
    record Take(String node, String invoke) implements EntryProcessor<String, Claim, String> {
        @Override
        public String process(Map.Entry<String, Claim> entry) {
            Claim claim = entry.getValue();
            if (claim != null && claim.holders().keySet().stream().anyMatch(n -> !n.equals(node))) {
                if ("single".equals(claim.invoke()) && "single".equals(invoke)) {
                    return RegistrationIndex.ERROR_PROCEDURE_ALREADY_EXISTS;
                }
                if (!claim.invoke().equals(invoke)) {
                    return RegistrationIndex.ERROR_DIFFERENT_POLICY;
                }
            }
            // Only this node holds it (or nobody): its own dealer decides between its sessions.
            TreeMap<String, Integer> holders = claim == null ? new TreeMap<>() : new TreeMap<>(claim.holders());
            holders.merge(node, 1, Integer::sum);
            String policy = claim == null || claim.holders().isEmpty() ? invoke : claim.invoke();
            entry.setValue(new Claim(policy, holders));
            return null;
        }
    }

    /** One hold (or all of them, when the node left) given back; the last one deletes the entry. */
    record Give(String node, boolean all) implements EntryProcessor<String, Claim, String> {
        @Override
        public String process(Map.Entry<String, Claim> entry) {
            Claim claim = entry.getValue();
            if (claim == null || !claim.holders().containsKey(node)) {
                return null;
            }
            TreeMap<String, Integer> holders = new TreeMap<>(claim.holders());
            int left = all ? 0 : holders.get(node) - 1;
            if (left > 0) {
                holders.put(node, left);
            } else {
                holders.remove(node);
            }
            entry.setValue(holders.isEmpty() ? null : new Claim(claim.invoke(), holders));
            return null;
        }
    }
}
