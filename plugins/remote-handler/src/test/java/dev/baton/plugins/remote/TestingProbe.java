package dev.baton.plugins.remote;

import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;

import java.util.Map;

/**
 * A separate process that starts remote-handler and calls inspect once, the way a host would, printing
 * {@code RESULT <result>} or {@code FAILED <kind>: <message>}. It runs on the plugin's runtime class path alone,
 * so it must not touch anything from the test class path (no JUnit, no Netty).
 *
 * <p>Arguments: socket path, retryDeadlineMillis, pid to inspect.
 */
public final class TestingProbe {
    private TestingProbe() {}

    public static void main(String[] args) {
        RemoteHandlerPlugin plugin = new RemoteHandlerPlugin();
        try {
            HandlerSet handlers = plugin.start(new TestingPluginContext(Map.of(RemoteHandlerSettings.SOCKET, args[0],
                    RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, args[1]), InternalApi.VERSION));
            InspectResult result = handlers.find(Hook.INSPECT).orElseThrow()
                    .handle(new InspectRequest(Integer.parseInt(args[2])));
            System.out.println("RESULT " + result);
        } catch (BatonException e) {
            System.out.println("FAILED " + e.kind() + ": " + e.getMessage());
        } finally {
            plugin.close();
        }
    }
}
