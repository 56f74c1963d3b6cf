package dev.baton.core.routing;

import dev.baton.spi.Hook;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where one hook goes.
 *
 * @param backend     empty when {@link RouteReason#NONE}
 * @param explanation for NONE, the message of the error every call raises
 */
public record Route(Hook<?, ?> hook, Optional<Backend> backend, RouteReason reason, String explanation) {
    public Route {
        requireNonNull(hook, "hook is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(explanation, "explanation is null");
    }

    public String backendName() {
        return backend.map(Backend::name).orElse("(none)");
    }
}
