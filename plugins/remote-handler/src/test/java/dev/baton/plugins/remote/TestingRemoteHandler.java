package dev.baton.plugins.remote;

import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A started {@link RemoteHandlerPlugin} pointed at a socket, called the way core calls its handlers. */
final class TestingRemoteHandler implements AutoCloseable {
    /** Short enough that a test waiting for a dead daemon ends quickly, long enough for a restart to land. */
    static final String TEST_RETRY_DEADLINE_MILLIS = "3000";

    private final RemoteHandlerPlugin plugin = new RemoteHandlerPlugin();
    private final HandlerSet handlers;

    TestingRemoteHandler(Path socket) {
        this(socket, Map.of());
    }

    /** {@code settings} are added to, and override, {@code socket} and a short retry deadline. */
    TestingRemoteHandler(Path socket, Map<String, String> settings) {
        Map<String, String> config = new HashMap<>();
        config.put(RemoteHandlerSettings.SOCKET, socket.toString());
        config.put(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, TEST_RETRY_DEADLINE_MILLIS);
        config.putAll(settings);
        handlers = plugin.start(new TestingPluginContext(config, InternalApi.VERSION));
    }

    <Q extends HookRequest, R extends HookResult> R call(Hook<Q, R> hook, Q request) {
        return handlers.find(hook).orElseThrow().handle(request);
    }

    @Override
    public void close() {
        plugin.close();
    }
}
