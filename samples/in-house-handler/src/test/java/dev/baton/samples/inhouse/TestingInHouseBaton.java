package dev.baton.samples.inhouse;

import dev.baton.core.Baton;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Core with this module's jar in a plugins directory, scheduler and memlock routed to it, and its helper set. */
final class TestingInHouseBaton {
    private TestingInHouseBaton() {}

    static Baton start(Path dir, TestingSiteHelper helper) {
        return start(dir, helper.program().toString(), Map.of());
    }

    static Baton start(Path dir, TestingSiteHelper helper, Map<String, String> settings) {
        return start(dir, helper.program().toString(), settings);
    }

    static Baton start(Path dir, String helperPath, Map<String, String> settings) {
        Map<String, String> config = new LinkedHashMap<>(settings);
        config.put("helper", helperPath);
        return Baton.builder()
                .acceptUnstableApi(InternalApi.VERSION)
                // target/classes is on the test class path as well; only the jar in the directory is under test.
                .scanClassPath(false)
                .pluginsDirectory(TestingPluginsDirectory.withInHouseJar(dir))
                .route(Hook.SCHEDULER, InHousePlugin.NAME)
                .route(Hook.MEMLOCK, InHousePlugin.NAME)
                .pluginConfig(InHousePlugin.NAME, config)
                .build();
    }
}
