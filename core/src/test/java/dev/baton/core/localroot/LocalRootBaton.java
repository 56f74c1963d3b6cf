package dev.baton.core.localroot;

import dev.baton.core.Baton;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;

import java.util.Map;

/** A runtime whose every hook is routed to the real local-root plugin found on the test class path. */
final class LocalRootBaton {
    private LocalRootBaton() {}

    static Baton start() {
        return start(Map.of());
    }

    static Baton start(Map<String, String> localRootConfig) {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                .pluginConfig("local-root", localRootConfig);
        Hook.all().forEach(hook -> builder.route(hook, "local-root"));
        return builder.build();
    }
}
