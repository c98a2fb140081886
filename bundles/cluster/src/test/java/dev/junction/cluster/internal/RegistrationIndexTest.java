package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;

class RegistrationIndexTest {
    private final RegistrationIndex index = new RegistrationIndex();

    private void register(String node, MatchPolicy match, String procedure, String invoke) {
        index.add(new InterestKey(node, "realm1", match, procedure), invoke);
    }

    @Test
    void aCallGoesToTheNodeWithTheBestMatchingRegistration() {
        register("b", MatchPolicy.PREFIX, "com.x", "single");
        register("c", MatchPolicy.PREFIX, "com.x.add", "single");
        register("d", MatchPolicy.WILDCARD, "com.x.", "single");
        register("e", MatchPolicy.EXACT, "com.x.add", "single");
        assertThat(index.nodeFor("a", "realm1", "com.x.add")).as("exact first").isEqualTo("e");
        index.remove(new InterestKey("e", "realm1", MatchPolicy.EXACT, "com.x.add"));
        assertThat(index.nodeFor("a", "realm1", "com.x.add")).as("then the longest prefix").isEqualTo("c");
        index.removeNode("c");
        assertThat(index.nodeFor("a", "realm1", "com.x.add")).isEqualTo("b");
        index.removeNode("b");
        assertThat(index.nodeFor("a", "realm1", "com.x.add")).as("then the wildcard").isEqualTo("d");
    }

    @Test
    void noRegistrationElsewhereNoNode() {
        register("b", MatchPolicy.EXACT, "com.x.add", "single");
        assertThat(index.nodeFor("a", "realm1", "com.x.sub")).isNull();
        assertThat(index.nodeFor("a", "realm2", "com.x.add")).as("another realm").isNull();
        assertThat(index.nodeFor("b", "realm1", "com.x.add")).as("never the node itself").isNull();
        assertThat(index.nodeFor("a", "realm1", "com.x.add")).as("positive control").isEqualTo("b");
    }

    @Test
    void sharedRegistrationsOnSeveralNodesTakeTurns() {
        register("b", MatchPolicy.EXACT, "com.x.add", "roundrobin");
        register("c", MatchPolicy.EXACT, "com.x.add", "roundrobin");
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            chosen.add(index.nodeFor("a", "realm1", "com.x.add"));
        }
        assertThat(chosen).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aSingleRegistrationElsewhereForbidsAnotherOneHere() {
        register("b", MatchPolicy.EXACT, "com.x.add", "single");
        register("b", MatchPolicy.EXACT, "com.x.shared", "roundrobin");
        assertThat(index.conflict("a", "realm1", MatchPolicy.EXACT, "com.x.add", "single"))
                .isEqualTo(RegistrationIndex.ERROR_PROCEDURE_ALREADY_EXISTS);
        assertThat(index.conflict("a", "realm1", MatchPolicy.EXACT, "com.x.shared", "random"))
                .isEqualTo(RegistrationIndex.ERROR_DIFFERENT_POLICY);
        assertThat(index.conflict("a", "realm1", MatchPolicy.EXACT, "com.x.shared", "roundrobin")).isNull();
        assertThat(index.conflict("a", "realm1", MatchPolicy.PREFIX, "com.x.add", "single")).as("another match")
                .isNull();
        assertThat(index.conflict("b", "realm1", MatchPolicy.EXACT, "com.x.add", "single")).as("its own")
                .isNull();
    }
}
