package dev.baton.batond.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Seeds whose outcome is more specific than the fuzz property ("a Policy or a PolicyException"): the fuzz test
 * would accept an accepted policy for these too, so their expected answer is pinned here.
 */
final class TestPolicySeeds {
    private static byte[] seed(String name) throws IOException {
        try (InputStream in = TestPolicySeeds.class.getResourceAsStream("PolicyLoaderFuzzTestInputs/parse/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A repeated key must not silently replace the first (the second 'memlock' would add allowUnlimited). */
    @Test
    void duplicateKeysAreRefusedNamingTheKey() throws IOException {
        PolicyException e = assertThrows(PolicyException.class,
                () -> PolicyLoader.parse(seed("duplicate_keys.yaml"), "duplicate_keys.yaml"));
        assertEquals("policy duplicate_keys.yaml: the key 'memlock' appears twice in one mapping (line 1, column 72);"
                + " write it once, since a repeated key would silently replace the first", e.getMessage());
    }

    /** A memlock section must name its cap: a missing maxBytes would mean any size. */
    @Test
    void aMemlockSectionWithoutMaxBytesIsRefused() {
        PolicyException e = assertThrows(PolicyException.class, () -> PolicyLoader.parse(
                "clients: [{name: a, match: {uids: [1]}, memlock: {allowUnlimited: false}}]".getBytes(), "m.yaml"));
        assertEquals("policy m.yaml: clients[0] (a): memlock.maxBytes is required (the largest limit, in bytes, that"
                + " callers may set); a memlock section without it would allow any size", e.getMessage());
    }
}
