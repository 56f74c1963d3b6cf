package dev.baton.plugins.localroot;

import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.PluginContext;
import dev.baton.spi.PluginInfo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TestLocalRootPlugin {
    private static PluginContext context(Map<String, String> config) {
        return new PluginContext() {
            @Override
            public Map<String, String> config() {
                return config;
            }

            @Override
            public System.Logger logger() {
                return System.getLogger("test");
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public int apiVersion() {
                return 1;
            }
        };
    }

    @Test
    void claimsEveryHookAndAppliesThem() {
        PluginInfo info = new LocalRootPlugin().info();
        assertEquals("local-root", info.name());
        assertEquals(Effect.APPLIES, info.effect());
        HandlerSet handlers = new LocalRootPlugin().start(context(Map.of()));
        assertEquals(info.hooks(), handlers.hooks());
        assertEquals(Hook.all().size(), handlers.hooks().size());
    }

    @Test
    void aBadCgroupLayoutSettingSaysWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalRootPlugin().start(context(Map.of("cgroupLayout", "v3"))));
        assertEquals("plugins.local-root.cgroupLayout must be auto, v1 or v2, not 'v3'", e.getMessage());
    }
}
