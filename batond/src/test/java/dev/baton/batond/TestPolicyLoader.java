package dev.baton.batond;

import dev.baton.batond.policy.ClientRule;
import dev.baton.batond.policy.Policy;
import dev.baton.batond.policy.PolicyException;
import dev.baton.batond.policy.PolicyLoader;
import dev.baton.batond.policy.TargetScope;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TestPolicyLoader {
    private static Policy parse(String yaml) {
        return PolicyLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), "test.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(PolicyException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void readsTheDocumentedFormat() {
        Policy policy = parse("""
                clients:
                  - name: vm-launchers
                    match: { uids: [107], gids: [], cgroupPrefix: null }   # any listed criterion may match
                    targets: self-and-descendants
                    memlock: { maxBytes: 68719476736, allowUnlimited: false }
                    scheduler: { policies: [fifo, rr, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 64 }
                    housekeeping: { namePattern: "[a-z][a-z0-9-]{0,31}", maxCgroupsPerProcess: 4 }
                    inspect: true
                  - name: pods
                    match: { cgroupPrefix: /kubepods }
                    targets: same-cgroup
                """);
        ClientRule launchers = policy.clients().get(0);
        assertEquals(TargetScope.SELF_AND_DESCENDANTS, launchers.targets());
        assertEquals(68719476736L, launchers.memlock().orElseThrow().maxBytes());
        assertEquals(Set.of(SchedPolicy.FIFO, SchedPolicy.RR, SchedPolicy.OTHER),
                launchers.scheduler().orElseThrow().policies());
        assertTrue(launchers.inspect());
        ClientRule pods = policy.clients().get(1);
        assertTrue(pods.memlock().isEmpty(), "a hook section that is left out is denied");
        assertFalse(pods.inspect());
        assertEquals("vm-launchers", policy.ruleFor(107, 5, () -> "/").orElseThrow().name());
        assertEquals("pods", policy.ruleFor(1000, 1000, () -> "/kubepods/pod1").orElseThrow().name());
        assertTrue(policy.ruleFor(1000, 1000, () -> "/kubepods10").isEmpty(), "prefixes match whole path components");
        assertTrue(policy.ruleFor(0, 0, () -> "/").isEmpty(), "deny by default");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "clients: [{name: a, match: {uids: [1]}, targets: everyone}] | policy test.yaml: clients[0] (a): targets must be self-and-descendants, same-cgroup or same-uid, not 'everyone'",
            "clients: [{name: a, match: {uids: [1]}, scheduler: {policies: [deadline], maxPriority: 1}}] | policy test.yaml: clients[0] (a): scheduler.policy must be one of other, fifo, rr, batch, idle (got 'deadline')",
            "clients: [{name: a, match: {uids: [1]}, scheduler: {policies: [fifo], maxPriority: 100}}] | policy test.yaml: clients[0] (a): scheduler.maxPriority must be 0..99, not 100",
            "clients: [{name: a, match: {uids: [1]}, housekeeping: {namePattern: '[', maxCgroupsPerProcess: 1}}] | policy test.yaml: clients[0] (a): housekeeping.namePattern is not a valid regular expression: Unclosed character class",
            "clients: [{name: a, targets: same-uid}] | policy test.yaml: clients[0] (a) has no 'match:'; a rule must say which peers it is for",
            "clients: [{name: a, match: {uids: [1]}}, {name: a, match: {uids: [2]}}] | policy test.yaml: clients[1]: the name 'a' is used twice",
            "clients: [{name: a, match: {cgroupPrefix: kubepods}}] | policy test.yaml: clients[0] (a): match.cgroupPrefix must be an absolute cgroup path like /kubepods",
            "clients: [{name: a, match: {uids: [107, null]}}] | policy test.yaml: clients[0] (a): match.uids must list numeric ids >= 0, not null",
            "clients: [{name: a, match: {gids: [-1]}}] | policy test.yaml: clients[0] (a): match.gids must list numeric ids >= 0, not -1",
            "{} | policy test.yaml has no 'clients:' list; an empty policy would deny everything, write 'clients: []' if that is what you mean",
    })
    void mistakesStopTheDaemonWithAMessage(String yaml, String message) {
        assertEquals(message, error(yaml));
    }

    @Test
    void anUnknownKeyIsRejectedWithItsPlace() {
        String message = error("clients: [{name: a, match: {uids: [1]}, inspcet: true}]");
        assertTrue(message.startsWith("policy test.yaml is invalid at"), message);
        assertTrue(message.contains("inspcet"), message);
    }

    /** A second 'memlock:' would silently replace the first: here it would add allowUnlimited (a fail-open). */
    @Test
    void aRepeatedKeyIsRejectedNamingIt() {
        assertEquals("policy test.yaml: the key 'memlock' appears twice in one mapping (line 5, column 12); write it"
                + " once, since a repeated key would silently replace the first", error("""
                clients:
                  - name: a
                    match: { uids: [1] }
                    memlock: { maxBytes: 1024 }
                    memlock: { maxBytes: 1099511627776, allowUnlimited: true }
                """));
        assertEquals("policy test.yaml: the key 'uids' appears twice in one mapping (line 1, column 44); write it"
                + " once, since a repeated key would silently replace the first",
                error("clients: [{name: a, match: {uids: [1], uids: [0]}}]"));
        assertEquals("policy test.yaml: the key 'clients' appears twice in one mapping (line 2, column 8); write it"
                + " once, since a repeated key would silently replace the first",
                error("clients: []\nclients: [{name: a, match: {uids: [0]}, inspect: true}]"));
    }

    /** Deny by default: a memlock section without a cap used to allow any finite size. */
    @Test
    void aMemlockSectionWithoutMaxBytesIsAnError() {
        assertEquals("policy test.yaml: clients[0] (a): memlock.maxBytes is required (the largest limit, in bytes, that"
                + " callers may set); a memlock section without it would allow any size",
                error("clients: [{name: a, match: {uids: [1]}, memlock: {allowUnlimited: false}}]"));
        assertEquals("policy test.yaml: clients[0] (a): memlock.maxBytes is required (the largest limit, in bytes, that"
                + " callers may set); a memlock section without it would allow any size",
                error("clients: [{name: a, match: {uids: [1]}, memlock: {}}]"));
        assertEquals(0L, parse("clients: [{name: a, match: {uids: [1]}, memlock: {maxBytes: 0}}]").clients().get(0)
                .memlock().orElseThrow().maxBytes());
    }

    @Test
    void deeplyNestedYamlIsRejectedNotOverflowed() {
        String message = error("clients: " + "[".repeat(5000) + "]".repeat(5000));
        assertTrue(message.startsWith("policy test.yaml"), message);
    }

    @Test
    void aPolicyReadsCgroupsOnlyWhenARuleMatchesOrScopesByCgroup() {
        String byUid = """
                clients:
                  - name: launchers
                    match: { uids: [107] }
                    targets: same-uid
                    inspect: true
                """;
        org.junit.jupiter.api.Assertions.assertFalse(parse(byUid).readsCgroups());
        org.junit.jupiter.api.Assertions.assertTrue(parse(byUid.replace("same-uid", "same-cgroup")).readsCgroups());
        org.junit.jupiter.api.Assertions.assertTrue(parse(byUid.replace("uids: [107]", "cgroupPrefix: /kubepods"))
                .readsCgroups());
    }
}
