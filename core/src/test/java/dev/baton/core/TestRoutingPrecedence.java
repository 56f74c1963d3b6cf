package dev.baton.core;

import dev.baton.core.routing.Route;
import dev.baton.core.routing.RouteReason;
import dev.baton.core.testing.TestingPlugins;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.HookNotClaimedException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockLimit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Precedence: code handler > configured route > priority > in-process fallback; strict mode removes the fallback.
 *
 * <p>Plugins: alpha (priority 10: memlock, scheduler, inspect), beta (20: inspect), planner (1000, plan-only: all
 * hooks), and a stand-in named local-root (0: all hooks) playing the in-process fallback.
 */
final class TestRoutingPrecedence {
    @TempDir
    static Path plugins;

    @BeforeAll
    static void writePlugins() {
        TestingPlugins.writePlugin(plugins, "alpha", 10, "MEMLOCK, SCHEDULER, INSPECT");
        TestingPlugins.writePlugin(plugins, "beta", 20, "INSPECT");
        TestingPlugins.writePlugin(plugins, "planner", 1000, "MEMLOCK, SCHEDULER, HOUSEKEEPING, INSPECT", "PLANS_ONLY");
        TestingPlugins.writePlugin(plugins, "local-root", 0, "MEMLOCK, SCHEDULER, HOUSEKEEPING, INSPECT");
    }

    private static Baton.Builder builder(String scenario) {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                .pluginsDirectory(plugins);
        switch (scenario) {
            case "plain" -> { }
            case "code" -> builder.handler(Hook.MEMLOCK, request -> {
                throw new InvalidRequestException("bytes", "refused by the code handler");
            }).route(Hook.MEMLOCK, "alpha");
            case "configured" -> builder.route(Hook.INSPECT, "alpha").route(Hook.HOUSEKEEPING, "planner");
            case "strict" -> builder.strict(true);
            default -> throw new IllegalArgumentException(scenario);
        }
        return builder;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2} ({3})")
    @CsvSource({
            // scenario,   hook,         backend,    reason
            "plain,        memlock,      alpha,      PRIORITY",
            "plain,        inspect,      beta,       PRIORITY",
            "plain,        housekeeping, local-root, FALLBACK",
            "code,         memlock,      code,       CODE_HANDLER",
            "code,         inspect,      beta,       PRIORITY",
            "configured,   inspect,      alpha,      CONFIGURED",
            "configured,   housekeeping, planner,    CONFIGURED",
            "strict,       inspect,      beta,       PRIORITY",
            "strict,       housekeeping, (none),     NONE",
    })
    void precedence(String scenario, String hookId, String backend, RouteReason reason) {
        try (Baton baton = builder(scenario).build()) {
            Route route = baton.routes().get(Hook.byId(hookId).orElseThrow());
            assertEquals(backend, route.backendName());
            assertEquals(reason, route.reason());
        }
    }

    @Test
    void theCodeHandlerReallyReceivesTheCall() {
        try (Baton baton = builder("code").build()) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> baton.setMaxMemlock(MemlockRequest.raiseTo(42, MemlockLimit.ofBytes(1 << 20))));
            assertEquals("invalid request: bytes refused by the code handler", e.getMessage());
        }
    }

    @Test
    void strictModeFailsAnUnclaimedHookWithATypedError() {
        try (Baton baton = builder("strict").build()) {
            HookNotClaimedException e = assertThrows(HookNotClaimedException.class,
                    () -> baton.moveThreads(new HousekeepingRequest(42, List.of(42), "housekeeping", List.of())));
            assertEquals("no plugin claims hook 'housekeeping' and strict mode forbids doing it in-process; route it"
                    + " to a plugin in conf/baton.yaml", e.getMessage());
            assertEquals("housekeeping", e.hook());
        }
    }

    @Test
    void strictModeRefusesEvenAnExplicitRouteToLocalRoot() {
        StartupException e = assertThrows(StartupException.class,
                () -> builder("strict").route(Hook.HOUSEKEEPING, "local-root").build());
        assertEquals("route housekeeping -> 'local-root': strict mode forbids running anything privileged in-process;"
                + " route it to remote-handler, or turn strict off", e.getMessage());
    }

    @Test
    void withoutLocalRootAnUnclaimedHookSaysTheFallbackIsMissing() {
        try (Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false).build()) {
            HookNotClaimedException e = assertThrows(HookNotClaimedException.class,
                    () -> baton.moveThreads(new HousekeepingRequest(42, List.of(42), "housekeeping", List.of())));
            assertEquals("no plugin claims hook 'housekeeping' and the in-process fallback, plugin 'local-root', is not"
                    + " installed", e.getMessage());
        }
    }

    @Test
    void aRouteToAPluginThatDoesNotClaimTheHookIsAStartupError() {
        StartupException e = assertThrows(StartupException.class,
                () -> builder("plain").route(Hook.HOUSEKEEPING, "beta").build());
        assertEquals("route housekeeping -> 'beta': plugin 'beta' (" + plugins.resolve("beta.jar")
                + ") does not claim hook 'housekeeping'; it claims inspect", e.getMessage());
    }

    @Test
    void aRouteToAMissingPluginIsAStartupError() {
        StartupException e = assertThrows(StartupException.class,
                () -> builder("plain").route(Hook.MEMLOCK, "nowhere").build());
        assertEquals("route memlock -> 'nowhere': no plugin named 'nowhere' is installed; installed: alpha, beta,"
                + " local-root, planner", e.getMessage());
    }
}
