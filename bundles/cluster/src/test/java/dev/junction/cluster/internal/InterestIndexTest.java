package dev.junction.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;

class InterestIndexTest {
    private final InterestIndex index = new InterestIndex();

    @Test
    void aNodeIsNamedOnceHoweverManyOfItsSubscriptionsMatch() {
        index.add(new InterestKey("b", "realm1", MatchPolicy.EXACT, "com.x.t"));
        index.add(new InterestKey("b", "realm1", MatchPolicy.PREFIX, "com.x"));
        index.add(new InterestKey("b", "realm1", MatchPolicy.WILDCARD, "com..t"));
        index.add(new InterestKey("c", "realm1", MatchPolicy.WILDCARD, "com..t"));
        assertThat(index.nodesFor("a", "realm1", "com.x.t")).containsExactlyInAnyOrder("b", "c");
        assertThat(index.nodesFor("a", "realm1", "com.y.t")).as("wildcard: the empty component matches any")
                .containsExactlyInAnyOrder("b", "c");
        assertThat(index.nodesFor("a", "realm1", "com.xy")).as("prefix is a string prefix").containsExactly("b");
    }

    @Test
    void noMatchingSubscriptionNoNode() {
        index.add(new InterestKey("b", "realm1", MatchPolicy.EXACT, "com.x.t"));
        index.add(new InterestKey("b", "realm1", MatchPolicy.WILDCARD, "com..t"));
        assertThat(index.nodesFor("a", "realm1", "com.x.u")).isEmpty();
        assertThat(index.nodesFor("a", "realm1", "com.x.t.v")).as("wildcard: same number of components").isEmpty();
        assertThat(index.nodesFor("a", "realm2", "com.x.t")).as("another realm").isEmpty();
        assertThat(index.nodesFor("b", "realm1", "com.x.t")).as("never the node itself").isEmpty();
        assertThat(index.nodesFor("a", "realm1", "com.x.t")).as("positive control").containsExactly("b");
    }

    @Test
    void removedSubscriptionsAndDepartedNodesAreForgotten() {
        InterestKey exact = new InterestKey("b", "realm1", MatchPolicy.EXACT, "com.x.t");
        index.add(exact);
        index.add(new InterestKey("c", "realm1", MatchPolicy.EXACT, "com.x.t"));
        index.remove(exact);
        assertThat(index.nodesFor("a", "realm1", "com.x.t")).containsExactly("c");
        index.removeNode("c");
        assertThat(index.nodesFor("a", "realm1", "com.x.t")).isEmpty();
    }

    @Test
    void keysSurviveTheirEncoding() {
        InterestKey key = new InterestKey("0b7e-uuid", "realm1", MatchPolicy.WILDCARD, "com..t");
        assertThat(InterestKey.decode(key.encode())).isEqualTo(key);
        assertThat(InterestKey.ofNode(key.encode(), "0b7e-uuid")).isTrue();
        assertThat(InterestKey.ofNode(key.encode(), "0b7e")).isFalse();
        assertThat(InterestKey.decode("not a key")).isNull();
    }
}
