package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;

class PatternTableTest {

    @Test
    void precedenceIsExactThenLongestPrefixThenWildcard() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.WILDCARD, "com..update", "wildcard");
        t.put(MatchPolicy.PREFIX, "com.myapp", "short prefix");
        t.put(MatchPolicy.PREFIX, "com.myapp.user", "long prefix");
        t.put(MatchPolicy.EXACT, "com.myapp.user.update", "exact");
        assertThat(t.best("com.myapp.user.update")).isEqualTo("exact");
        assertThat(t.best("com.myapp.user.create")).isEqualTo("long prefix");
        assertThat(t.best("com.myapp.other")).isEqualTo("short prefix");
        assertThat(t.best("com.other.update")).isEqualTo("wildcard");
        assertThat(t.best("org.other.update")).isNull();
    }

    @Test
    void theWildcardWithMoreFixedComponentsWins() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.WILDCARD, "com...", "one fixed");
        t.put(MatchPolicy.WILDCARD, "com..x.", "two fixed");
        assertThat(t.best("com.a.x.b")).isEqualTo("two fixed");
        assertThat(t.best("com.a.y.b")).isEqualTo("one fixed");
        assertThat(t.best("com.a.x")).isNull();
    }

    @Test
    void everyMatchingEntryIsVisited() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.EXACT, "a.b.c", "exact");
        t.put(MatchPolicy.PREFIX, "a.b", "prefix");
        t.put(MatchPolicy.PREFIX, "a.x", "other prefix");
        t.put(MatchPolicy.WILDCARD, "a..c", "wildcard");
        t.put(MatchPolicy.WILDCARD, "a.", "wildcard of two components");
        List<String> seen = new ArrayList<>();
        t.forEachMatch("a.b.c", seen::add);
        assertThat(seen).containsExactlyInAnyOrder("exact", "prefix", "wildcard");
        t.remove(MatchPolicy.PREFIX, "a.b", "prefix");
        seen.clear();
        t.forEachMatch("a.b.c", seen::add);
        assertThat(seen).containsExactlyInAnyOrder("exact", "wildcard");
    }
}
