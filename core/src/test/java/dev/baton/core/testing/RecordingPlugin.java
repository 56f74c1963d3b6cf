package dev.baton.core.testing;

import java.nio.file.Path;

/**
 * A test plugin that writes down, for each call core makes into it (constructor, info, start, plan, handler),
 * which thread context class loader it ran with, as system property {@code baton.test.<name>.<call>}: "own loader
 * <loader name>" or "other loader <loader>". A wrong loader is never overwritten by a later right one.
 */
public final class RecordingPlugin {
    private RecordingPlugin() {}

    /** What the plugin recorded for {@code call}, or null if core never made that call. */
    public static String recorded(String name, String call) {
        return System.getProperty(key(name, call));
    }

    public static void forget(String name) {
        for (String call : new String[] {"constructor", "info", "start", "plan", "handler"}) {
            System.clearProperty(key(name, call));
        }
    }

    /** Writes {@code <name>.jar}: a PLANS_ONLY plugin claiming inspect that also implements PlanRecorder. */
    public static Path write(Path dir, String name) {
        String pkg = "test." + name.replace('-', '_');
        return TestingPluginJar.named(name)
                .source(pkg + ".RecordingPlugin", source(pkg, name))
                .service(pkg + ".RecordingPlugin")
                .writeTo(dir, name + ".jar");
    }

    private static String key(String name, String call) {
        return "baton.test." + name + "." + call;
    }

    private static String source(String pkg, String name) {
        return """
                package %1$s;

                import dev.baton.spi.*;
                import dev.baton.spi.error.OperationFailedException;
                import dev.baton.spi.hook.PlannedOperation;
                import java.util.List;
                import java.util.Set;

                public final class RecordingPlugin implements BatonPlugin, PlanRecorder {
                    public RecordingPlugin() {
                        record("constructor");
                    }

                    @Override
                    public PluginInfo info() {
                        record("info");
                        return new PluginInfo("%2$s", "1.0-test", Set.of(1), Set.of(Hook.INSPECT), 1, Effect.PLANS_ONLY);
                    }

                    @Override
                    public HandlerSet start(PluginContext context) {
                        record("start");
                        return HandlerSet.builder().on(Hook.INSPECT, request -> {
                            record("handler");
                            throw new OperationFailedException(0, "%2$s recorded inspect");
                        }).build();
                    }

                    @Override
                    public List<PlannedOperation> plan() {
                        record("plan");
                        return List.of();
                    }

                    private static void record(String call) {
                        ClassLoader context = Thread.currentThread().getContextClassLoader();
                        String seen = context == RecordingPlugin.class.getClassLoader()
                                ? "own loader " + context.getName() : "other loader " + context;
                        String key = "baton.test.%2$s." + call;
                        String previous = System.getProperty(key);
                        if (previous == null || previous.startsWith("own loader")) {
                            System.setProperty(key, seen);
                        }
                    }
                }
                """.formatted(pkg, name);
    }
}
