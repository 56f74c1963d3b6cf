package dev.baton.batond.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.Set;

/**
 * batond's policy file: {@link PolicyLoader#parse} on arbitrary bytes.
 *
 * <p>Property: it returns a {@link Policy} that satisfies the loader's own rules, or throws a
 * {@link PolicyException} with a message; nothing else, and deep nesting or a large document does not overflow the
 * stack or exhaust the heap.
 */
class PolicyLoaderFuzzTest {

    private static final String ORIGIN = "fuzz.yaml";

    @DictionaryFile(resourcePath = "policy.dict")
    @FuzzTest(maxDuration = "5m")
    void parse(byte[] yaml) {
        Policy policy;
        try {
            policy = PolicyLoader.parse(yaml, ORIGIN);
        } catch (PolicyException e) {
            assertNotNull(e.getMessage(), "PolicyException without a message");
            assertFalse(e.getMessage().isBlank(), "PolicyException with a blank message");
            assertTrue(e.getMessage().contains(ORIGIN), () -> "the message does not name the file: " + e.getMessage());
            return;
        }
        check(policy);
    }

    /** The loader's promises about a policy it accepted. */
    private static void check(Policy policy) {
        assertNotNull(policy.clients());
        Set<String> names = new HashSet<>();
        for (ClientRule rule : policy.clients()) {
            assertNotNull(rule);
            assertFalse(rule.name().isBlank(), "blank rule name");
            assertTrue(names.add(rule.name()), () -> "rule name used twice: " + rule.name());
            ClientMatch match = rule.match();
            assertNotNull(match);
            assertTrue(match.cgroupPrefix() == null || match.cgroupPrefix().startsWith("/"), "relative cgroupPrefix");
            assertNotNull(rule.targets());
            rule.memlock().ifPresent(m -> assertTrue(m.maxBytes() >= 0, "maxBytes"));
            rule.scheduler().ifPresent(s -> {
                assertTrue(s.maxPriority() >= 0 && s.maxPriority() <= 99, "maxPriority");
                assertTrue(s.maxRealtimeThreadsPerProcess() >= 0, "maxRealtimeThreadsPerProcess");
                s.policies().forEach(p -> assertNotNull(p, "null scheduling policy"));
            });
            rule.housekeeping().ifPresent(h -> {
                assertNotNull(h.namePattern(), "namePattern");
                assertTrue(h.maxCgroupsPerProcess() >= 0, "maxCgroupsPerProcess");
            });
            // The policy is queried for every call; a rule that cannot even be asked is a broken policy.
            match.matches(0, 0, () -> "/");
        }
    }
}
