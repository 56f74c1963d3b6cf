package dev.baton.core;

import dev.baton.spi.InternalApi;

import java.util.Set;

/** The internal API versions this core implements. Today that is exactly the SPI's version. */
public final class CoreVersions {
    public static final Set<Integer> SUPPORTED = Set.of(InternalApi.VERSION);

    private CoreVersions() {}
}
