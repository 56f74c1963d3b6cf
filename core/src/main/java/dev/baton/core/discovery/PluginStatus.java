package dev.baton.core.discovery;

import dev.baton.spi.InternalApi;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code baton plugins}: what was found, where, and whether it can be used.
 *
 * @param location    the jar or directory the plugin came from
 * @param hooks       the hook ids it claims; empty when it was never instantiated
 * @param problem     why it is incompatible or broken; null when started
 */
public record PluginStatus(String name, String version, String location, Set<Integer> apiVersions, List<String> hooks,
                           int priority, PluginState state, String problem) {
    public PluginStatus {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(location, "location is null");
        requireNonNull(state, "state is null");
        apiVersions = Set.copyOf(apiVersions);
        hooks = List.copyOf(hooks);
    }

    public boolean compatible() {
        return state == PluginState.STARTED;
    }

    public Optional<String> problemMessage() {
        return Optional.ofNullable(problem);
    }

    public String apiVersionList() {
        return InternalApi.describe(apiVersions);
    }
}
