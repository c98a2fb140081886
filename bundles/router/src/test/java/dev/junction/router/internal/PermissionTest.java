package dev.junction.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.junction.api.MatchPolicy;

class PermissionTest {

    @Test
    void starredUrisConvertAsInCrossbar() {
        assertThat(Permission.parse("com.example.add").match()).isEqualTo(MatchPolicy.EXACT);
        Permission prefix = Permission.parse("com.example.*");
        assertThat(prefix.uri()).isEqualTo("com.example.");
        assertThat(prefix.match()).isEqualTo(MatchPolicy.PREFIX);
        Permission all = Permission.parse("*");
        assertThat(all.uri()).isEmpty();
        assertThat(all.match()).isEqualTo(MatchPolicy.PREFIX);
        Permission wildcard = Permission.parse("com.*.get");
        assertThat(wildcard.uri()).isEqualTo("com..get");
        assertThat(wildcard.match()).isEqualTo(MatchPolicy.WILDCARD);
        assertThat(Permission.parse("com.*.*").uri()).isEqualTo("com..");
    }

    @Test
    void explicitMatchTakesTheUriAsWritten() {
        Permission p = Permission.parse("com.example match=prefix allow=call");
        assertThat(p.uri()).isEqualTo("com.example");
        assertThat(p.match()).isEqualTo(MatchPolicy.PREFIX);
        assertThatThrownBy(() -> Permission.parse("com.* match=prefix")).hasMessageContaining("cannot contain '*'");
    }

    @Test
    void actionsDisclosureAndCache() {
        Permission p = Permission.parse("  a.b   allow=call,publish disclose=caller conceal=publisher cache=true ");
        assertThat(p.allowed()).containsExactlyInAnyOrder(Action.CALL, Action.PUBLISH);
        assertThat(p.caller()).isEqualTo(Disclosure.ALWAYS);
        assertThat(p.publisher()).isEqualTo(Disclosure.NEVER);
        assertThat(p.cache()).isTrue();
        assertThat(Permission.parse("a.b allow=all").allowed()).containsExactlyInAnyOrder(Action.values());
        assertThat(Permission.parse("a.b allow=none").allowed()).isEmpty();
        Permission bare = Permission.parse("a.b");
        assertThat(bare.allowed()).isEmpty();
        assertThat(bare.caller()).isEqualTo(Disclosure.ON_REQUEST);
        assertThat(bare.decide(Action.CALL).allowed()).isFalse();
        assertThat(p.decide(Action.CALL)).isEqualTo(new Decision(true, Disclosure.ALWAYS, false));
        assertThat(p.decide(Action.PUBLISH)).isEqualTo(new Decision(true, Disclosure.NEVER, false));
        assertThat(p.decide(Action.SUBSCRIBE).allowed()).isFalse();
    }

    @Test
    void badLinesSayWhatIsAllowed() {
        assertThatThrownBy(() -> Permission.parse("allow=call")).hasMessageContaining("must start with a URI");
        assertThatThrownBy(() -> Permission.parse("a.b allow=kill"))
                .hasMessageContaining("allowed call, register, publish, subscribe");
        assertThatThrownBy(() -> Permission.parse("a.b match=regex")).hasMessageContaining("allowed exact, prefix");
        assertThatThrownBy(() -> Permission.parse("a.b disclose=callee")).hasMessageContaining("caller, publisher");
        assertThatThrownBy(() -> Permission.parse("a.b cache=yes")).hasMessageContaining("allowed true, false");
        assertThatThrownBy(() -> Permission.parse("a.b colour=red")).hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> Permission.parse("a.b call")).hasMessageContaining("not key=value");
    }

    @Test
    void roleConfigurationLinesComeAsArrayOrAsOneString() {
        assertThat(RoleComponent.lines("a.* allow=call ; b.c allow=all\n# comment\n  ;"))
                .containsExactly("a.* allow=call", "b.c allow=all");
        assertThat(RoleComponent.lines(new String[] { "a.* allow=call", " ", "# off" }))
                .containsExactly("a.* allow=call");
        assertThat(RoleComponent.lines(List.of("x allow=none"))).containsExactly("x allow=none");
        assertThat(RoleComponent.lines(null)).isEmpty();
        assertThat(Set.copyOf(RoleComponent.lines(new String[0]))).isEmpty();
    }
}
