package dev.baton.core;

import dev.baton.spi.InternalApi;
import dev.baton.spi.error.UnsupportedApiVersionException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TestApiNegotiation {
    @Test
    void buildWithoutTheOptInFailsAndListsTheVersions() {
        UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                () -> Baton.builder().scanClassPath(false).build());
        assertEquals("Baton's internal API is unstable by design: call acceptUnstableApi(version) with the version"
                + " you built against; this core implements [1]", e.getMessage());
        assertEquals(Set.of(1), e.supported());
    }

    @Test
    void aVersionCoreDoesNotImplementFailsAtOnce() {
        UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                () -> Baton.builder().acceptUnstableApi(2).scanClassPath(false).build());
        assertEquals("unsupported internal API version 2: this core implements [1]", e.getMessage());
        assertEquals(2, e.requested());
    }

    @Test
    void theImplementedVersionIsAccepted() {
        try (Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false).build()) {
            assertEquals(InternalApi.VERSION, baton.apiVersion());
        }
    }
}
