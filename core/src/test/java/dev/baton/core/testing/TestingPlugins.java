package dev.baton.core.testing;

import java.nio.file.Path;

/** Source templates for the test plugins, compiled into real jars by {@link TestingPluginJar}. */
public final class TestingPlugins {
    private TestingPlugins() {}

    /**
     * A plugin that claims {@code hooks} (Hook constant names, e.g. "SCHEDULER, INSPECT") with handlers that fail
     * loudly if core forgot to install the plugin's class loader as context loader, and otherwise report
     * "nothing to do". {@code effect} is APPLIES or PLANS_ONLY.
     */
    public static String simplePlugin(String pkg, String name, String apiVersions, int priority, String hooks,
                                      String effect, String constructorBody) {
        StringBuilder handlers = new StringBuilder();
        for (String hook : hooks.split(",")) {
            String h = hook.trim();
            handlers.append("            .on(Hook.").append(h).append(", request -> { checkContextLoader(); throw new ")
                    .append("dev.baton.spi.error.OperationFailedException(0, \"").append(name)
                    .append(" handled ").append(h.toLowerCase()).append(" for pid \" + request.pid()); })\n");
        }
        return """
                package %1$s;

                import dev.baton.spi.*;
                import java.util.Set;

                public final class TestPlugin implements BatonPlugin {
                    public TestPlugin() {
                        %6$s
                    }

                    @Override
                    public PluginInfo info() {
                        return new PluginInfo("%2$s", "1.0-test", Set.of(%3$s), Set.of(%5$s), %4$d, Effect.%7$s);
                    }

                    @Override
                    public HandlerSet start(PluginContext context) {
                        return HandlerSet.builder()
                %8$s            .build();
                    }

                    private void checkContextLoader() {
                        if (Thread.currentThread().getContextClassLoader() != TestPlugin.class.getClassLoader()) {
                            throw new IllegalStateException("context class loader was not swapped to the plugin's");
                        }
                    }
                }
                """.formatted(pkg, name, apiVersions, priority, hookList(hooks), constructorBody, effect, handlers);
    }

    private static String hookList(String hooks) {
        StringBuilder out = new StringBuilder();
        for (String hook : hooks.split(",")) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append("Hook.").append(hook.trim());
        }
        return out.toString();
    }

    /** Writes a well-formed plugin jar named {@code <name>.jar} claiming {@code hooks} at {@code priority}. */
    public static Path writePlugin(Path dir, String name, int priority, String hooks) {
        return writePlugin(dir, name, priority, hooks, "APPLIES");
    }

    public static Path writePlugin(Path dir, String name, int priority, String hooks, String effect) {
        String pkg = "test." + name.replace('-', '_');
        return TestingPluginJar.named(name)
                .source(pkg + ".TestPlugin", simplePlugin(pkg, name, "1", priority, hooks, effect, ""))
                .service(pkg + ".TestPlugin")
                .writeTo(dir, name + ".jar");
    }
}
