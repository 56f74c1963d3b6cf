package dev.baton.spi;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * What a plugin declares about itself before it is started.
 *
 * @param name        the unique plugin name; for a directory plugin it must equal the descriptor's plugin.id
 * @param version     the plugin's own version, shown by {@code baton plugins}
 * @param apiVersions the {@link InternalApi} versions the plugin implements
 * @param hooks       the hooks it claims
 * @param priority    higher wins when a hook has no configured route
 * @param effect      whether its handlers change the system
 */
@Unstable
public record PluginInfo(String name, String version, Set<Integer> apiVersions, Set<Hook<?, ?>> hooks, int priority,
                         Effect effect) {
    public PluginInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(effect, "effect is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("plugin name is blank");
        }
        apiVersions = Set.copyOf(requireNonNull(apiVersions, "apiVersions is null"));
        if (apiVersions.isEmpty()) {
            throw new IllegalArgumentException("plugin '" + name + "' declares no API versions");
        }
        // Keep hooks in Hook.all() order so listings are stable.
        Set<Hook<?, ?>> ordered = Hook.all().stream()
                .filter(requireNonNull(hooks, "hooks is null")::contains)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        hooks = java.util.Collections.unmodifiableSet(ordered);
    }

    /** The claimed hook ids, comma-separated, for listings. */
    public String hookIds() {
        return hooks.stream().map(Hook::id).collect(Collectors.joining(","));
    }

    /** Orders by priority, highest first, then by name so the choice is deterministic. */
    public static Comparator<PluginInfo> byPriority() {
        return Comparator.comparingInt(PluginInfo::priority).reversed().thenComparing(PluginInfo::name);
    }
}
