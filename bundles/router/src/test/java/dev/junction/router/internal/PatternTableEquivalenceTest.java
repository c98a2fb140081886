package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;

/**
 * The indexed {@link PatternTable} against the linear {@link LinearPatternTable} (the oracle): random sequences of
 * adds, replacements and removals of exact, prefix and wildcard patterns over a small alphabet of components (so
 * that patterns overlap, share trie paths and split and merge trie edges), each followed by lookups of random URIs
 * and of URIs made from the patterns present. Every lookup must give the same entries ({@code forEachMatch}) and the
 * same choice ({@code best}). Fixed seeds, so a failure names its seed and replays.
 */
class PatternTableEquivalenceTest {

    private static final String[] COMPONENTS = { "a", "b", "ab", "ba", "abc", "c", "a-b" };
    private static final MatchPolicy[] POLICIES = MatchPolicy.values();

    @Test
    void indexedMatchingEqualsTheLinearScan() {
        int lookups = 0;
        int nonEmptyLookups = 0;
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            PatternTable<String> table = new PatternTable<>();
            LinearPatternTable<String> oracle = new LinearPatternTable<>();
            List<Entry> present = new ArrayList<>();
            for (int step = 0; step < 200; step++) {
                change(random, table, oracle, present, step);
                for (int q = 0; q < 5; q++) {
                    String uri = query(random, present);
                    List<String> expected = matches(oracle::forEachMatch, uri);
                    assertThat(matches(table::forEachMatch, uri))
                            .as("seed %d step %d: forEachMatch(%s) with %s", seed, step, uri, present)
                            .containsExactlyInAnyOrderElementsOf(expected);
                    assertThat(table.best(uri))
                            .as("seed %d step %d: best(%s) with %s", seed, step, uri, present)
                            .isEqualTo(oracle.best(uri));
                    lookups++;
                    if (!expected.isEmpty()) {
                        nonEmptyLookups++;
                    }
                }
            }
        }
        // The positive control: most lookups found something, so the comparison was not of empty results only.
        assertThat(nonEmptyLookups).isGreaterThan(lookups / 2);
    }

    private record Entry(MatchPolicy policy, String pattern, String value) {
    }

    private interface Lookup {
        void forEachMatch(String uri, java.util.function.Consumer<String> action);
    }

    private static List<String> matches(Lookup lookup, String uri) {
        List<String> out = new ArrayList<>();
        lookup.forEachMatch(uri, out::add);
        return out;
    }

    /** One change to both tables: mostly adds (some replacing an entry), else removals, some with a stale value. */
    private static void change(Random random, PatternTable<String> table, LinearPatternTable<String> oracle,
            List<Entry> present, int step) {
        int kind = random.nextInt(10);
        if (kind < 6 || present.isEmpty()) {
            MatchPolicy policy = POLICIES[random.nextInt(POLICIES.length)];
            String pattern = pattern(random, policy);
            String value = policy.wireName() + ":" + pattern + "#" + step;
            present.removeIf(e -> e.policy == policy && e.pattern.equals(pattern));
            present.add(new Entry(policy, pattern, value));
            table.put(policy, pattern, value);
            oracle.put(policy, pattern, value);
        } else {
            Entry e = present.get(random.nextInt(present.size()));
            // A removal with a value the pattern no longer has must leave the entry in place (the tables' contract).
            String value = kind == 9 ? e.value + "-stale" : e.value;
            if (value.equals(e.value)) {
                present.remove(e);
            }
            table.remove(e.policy, e.pattern, value);
            oracle.remove(e.policy, e.pattern, value);
        }
    }

    private static String pattern(Random random, MatchPolicy policy) {
        String uri = uri(random);
        return switch (policy) {
            case EXACT -> uri;
            // Any string prefix: empty ("*"), ending with a dot, or inside a component.
            case PREFIX -> uri.substring(0, random.nextInt(uri.length() + 1));
            case WILDCARD -> {
                String[] parts = uri.split("\\.", -1);
                for (int i = 0; i < parts.length; i++) {
                    if (random.nextInt(5) < 2) {
                        parts[i] = "";
                    }
                }
                yield String.join(".", parts);
            }
        };
    }

    private static String uri(Random random) {
        int n = 1 + random.nextInt(4);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(COMPONENTS[random.nextInt(COMPONENTS.length)]);
        }
        return b.toString();
    }

    /** A random URI, a present pattern's URI (its wildcards filled in, its prefix extended), or an odd one. */
    private static String query(Random random, List<Entry> present) {
        int kind = random.nextInt(10);
        if (kind < 4 || present.isEmpty()) {
            return uri(random);
        }
        if (kind == 9) {
            // Empty components and the empty URI: not valid URIs to publish or call, but the tables must agree.
            return random.nextBoolean() ? "" : uri(random) + "..";
        }
        Entry e = present.get(random.nextInt(present.size()));
        return switch (e.policy) {
            case EXACT -> e.pattern;
            case PREFIX -> e.pattern + (random.nextBoolean() ? "" : COMPONENTS[random.nextInt(COMPONENTS.length)]);
            case WILDCARD -> {
                String[] parts = e.pattern.split("\\.", -1);
                for (int i = 0; i < parts.length; i++) {
                    if (parts[i].isEmpty()) {
                        parts[i] = COMPONENTS[random.nextInt(COMPONENTS.length)];
                    }
                }
                yield String.join(".", parts);
            }
        };
    }
}
