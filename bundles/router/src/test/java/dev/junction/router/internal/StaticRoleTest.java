package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Crossbar's resolution of static permissions, with its ties (the README's authorization table is this test). Each
 * row: the permission lines (separated by '|'), the URI asked for, and the line that must apply ('-': none, so
 * everything is denied).
 */
class StaticRoleTest {

    @ParameterizedTest(name = "[{index}] {0} :: {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            // exact
            "a.b allow=call;                                 a.b;       a.b",
            "a.b allow=call;                                 a.b.c;     -",
            "a.b allow=call;                                 a;         -",
            // prefix: string prefix, not per component (as in Crossbar)
            "a.* allow=call;                                 a.b.c;     a.",
            "a.* allow=call;                                 a;         -",
            "a* allow=call;                                  ab.c;      a",
            "* allow=call;                                   x.y;       ''",
            // the longest prefix wins
            "a.* allow=call | a.b.* allow=register;          a.b.c;     a.b.",
            "a.* allow=call | a.b.* allow=register;          a.c;       a.",
            // exact wins over a prefix of the same URI... and a longer exact line shadows a shorter prefix line
            "a.* allow=call | a.b allow=register;            a.b;       a.b",
            "a.* allow=call | a.b allow=register;            a.bc;      -",
            "* allow=call | a.b allow=register;              a.b.c;     -",
            // the same URI twice: the later line counts
            "a.b allow=call | a.b allow=register;            a.b;       a.b",
            // wildcards: override a prefix result or no result, never an exact result
            "a.*.c allow=call;                               a.b.c;     a..c",
            "a.*.c allow=call;                               a.b.d;     -",
            "a.*.c allow=call;                               a.b.x.c;   -",
            "a.* allow=register | a.*.c allow=call;          a.b.c;     a..c",
            "a.b.c allow=register | a.*.c allow=call;        a.b.c;     a.b.c",
            // only the wildcard with the longest part before '..' is tried
            "a.*.c allow=call | a.b.*.d allow=publish;       a.b.x.d;   a.b..d",
            "a.*.c allow=call | a.b.*.d allow=publish;       a.b.c;     -",
            // a leading '*' converts to a URI without '..' and only ever matches itself (as in Crossbar)
            "*.b allow=call;                                 x.b;       -",
    })
    void resolvesAsCrossbar(String lines, String uri, String expected) {
        List<Permission> permissions = Arrays.stream(lines.split("\\|")).map(String::trim).map(Permission::parse)
                .toList();
        StaticRole role = new StaticRole("r", permissions);
        Permission resolved = role.resolve(uri);
        if (expected.equals("-")) {
            assertThat(resolved).isSameAs(Permission.DENY_ALL);
        } else {
            assertThat(resolved.uri()).isEqualTo(expected);
            // the later of two same-URI lines
            Permission last = permissions.stream().filter(p -> p.uri().equals(expected)).reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(resolved).isSameAs(last);
        }
        assertThat(role.resolve(uri)).as("cached answer").isSameAs(resolved);
    }
}
