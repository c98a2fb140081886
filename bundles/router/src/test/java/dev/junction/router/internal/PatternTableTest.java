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

    @Test
    void aPrefixIsAStringPrefixNotAComponentPrefix() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.PREFIX, "com.myapp.topic.emer", "string prefix");
        assertThat(t.best("com.myapp.topic.emergency-low")).isEqualTo("string prefix");
        assertThat(t.best("com.myapp.topic.emer")).isEqualTo("string prefix");
        assertThat(t.best("com.myapp.topic.eme")).isNull();
    }

    @Test
    void anyPrefixBeatsAnyWildcardAndTheLongestPrefixWins() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.WILDCARD, "com.myapp.user.", "three fixed");
        t.put(MatchPolicy.PREFIX, "c", "one character");
        assertThat(t.best("com.myapp.user.update")).isEqualTo("one character");
        t.put(MatchPolicy.PREFIX, "com.myapp.", "longer");
        t.put(MatchPolicy.PREFIX, "com.my", "between");
        assertThat(t.best("com.myapp.user.update")).isEqualTo("longer");
        t.remove(MatchPolicy.PREFIX, "com.myapp.", "longer");
        assertThat(t.best("com.myapp.user.update")).isEqualTo("between");
        t.remove(MatchPolicy.PREFIX, "com.my", "between");
        t.remove(MatchPolicy.PREFIX, "c", "one character");
        assertThat(t.best("com.myapp.user.update")).isEqualTo("three fixed");
    }

    @Test
    void theEmptyPrefixMatchesEveryUriButLosesToLongerOnes() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.PREFIX, "", "everything");
        t.put(MatchPolicy.PREFIX, "com.", "com");
        assertThat(t.best("org.x")).isEqualTo("everything");
        assertThat(t.best("com.x")).isEqualTo("com");
        List<String> seen = new ArrayList<>();
        t.forEachMatch("com.x", seen::add);
        assertThat(seen).containsExactlyInAnyOrder("everything", "com");
    }

    @Test
    void wildcardTiesGoToTheShorterThenTheLexicographicallySmallerPattern() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.WILDCARD, "com..xxx", "longer");
        t.put(MatchPolicy.WILDCARD, "com.yy.", "shorter");
        assertThat(t.best("com.yy.xxx")).isEqualTo("shorter");
        PatternTable<String> u = new PatternTable<>();
        u.put(MatchPolicy.WILDCARD, "b..x", "b first");
        u.put(MatchPolicy.WILDCARD, ".a.x", "dot first");
        assertThat(u.best("b.a.x")).isEqualTo("dot first"); // "." sorts before "b"; two fixed each, same length
    }

    @Test
    void aWildcardNeedsTheSameNumberOfComponents() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.WILDCARD, "a..c", "three");
        assertThat(t.best("a.b.c")).isEqualTo("three");
        assertThat(t.best("a.b.c.d")).isNull();
        assertThat(t.best("a.c")).isNull();
    }

    @Test
    void removingAPatternKeepsThoseThatShareItsPath() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.PREFIX, "a", "a");
        t.put(MatchPolicy.PREFIX, "ab", "ab");
        t.put(MatchPolicy.PREFIX, "abc", "abc");
        t.put(MatchPolicy.PREFIX, "abd", "abd");
        t.put(MatchPolicy.WILDCARD, "a..c", "a..c");
        t.put(MatchPolicy.WILDCARD, "a.b.", "a.b.");
        t.remove(MatchPolicy.PREFIX, "ab", "ab");
        t.remove(MatchPolicy.WILDCARD, "a..c", "a..c");
        List<String> seen = new ArrayList<>();
        t.forEachMatch("abcd", seen::add);
        assertThat(seen).containsExactly("a", "abc");
        seen.clear();
        t.forEachMatch("a.b.c", seen::add);
        assertThat(seen).containsExactly("a", "a.b.");
        assertThat(t.best("abd")).isEqualTo("abd");
    }

    @Test
    void aRemovalWithAnotherValueLeavesTheEntry() {
        PatternTable<String> t = new PatternTable<>();
        t.put(MatchPolicy.PREFIX, "a.", "first");
        t.put(MatchPolicy.PREFIX, "a.", "second"); // a new entry for the same pattern replaces the first
        t.remove(MatchPolicy.PREFIX, "a.", "first");
        assertThat(t.best("a.b")).isEqualTo("second");
        t.remove(MatchPolicy.PREFIX, "a.", "second");
        assertThat(t.best("a.b")).isNull();
    }
}
