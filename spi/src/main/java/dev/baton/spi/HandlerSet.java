package dev.baton.spi;

import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The handlers a started plugin offers, one per hook it claims. */
@Unstable
public final class HandlerSet {
    private final Map<Hook<?, ?>, HookHandler<?, ?>> handlers;

    private HandlerSet(Map<Hook<?, ?>, HookHandler<?, ?>> handlers) {
        this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(handlers));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<Hook<?, ?>> hooks() {
        return handlers.keySet();
    }

    @SuppressWarnings("unchecked") // the builder only pairs a Hook<Q, R> with a HookHandler<Q, R>
    public <Q extends HookRequest, R extends HookResult> Optional<HookHandler<Q, R>> find(Hook<Q, R> hook) {
        return Optional.ofNullable((HookHandler<Q, R>) handlers.get(hook));
    }

    public static final class Builder {
        private final Map<Hook<?, ?>, HookHandler<?, ?>> handlers = new LinkedHashMap<>();

        private Builder() {}

        public <Q extends HookRequest, R extends HookResult> Builder on(Hook<Q, R> hook, HookHandler<Q, R> handler) {
            requireNonNull(hook, "hook is null");
            requireNonNull(handler, "handler is null");
            if (handlers.putIfAbsent(hook, handler) != null) {
                throw new IllegalStateException("a handler for hook '" + hook + "' is already registered");
            }
            return this;
        }

        public HandlerSet build() {
            return new HandlerSet(handlers);
        }
    }
}
