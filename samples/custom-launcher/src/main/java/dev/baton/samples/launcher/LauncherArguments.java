package dev.baton.samples.launcher;

import dev.baton.spi.Hook;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The command line: {@code --plugins DIR [--config FILE] [--route HOOK=PLUGIN]... PID}.
 *
 * @param routes routes given on the command line; they win over the configuration file's
 */
record LauncherArguments(Path pluginsDir, Optional<Path> config, Map<Hook<?, ?>, String> routes, int pid) {
    static final String USAGE = "usage: custom-launcher --plugins DIR [--config FILE] [--route HOOK=PLUGIN]... PID";

    LauncherArguments {
        requireNonNull(pluginsDir, "pluginsDir is null");
        requireNonNull(config, "config is null");
        routes = Map.copyOf(routes);
    }

    static LauncherArguments parse(String... args) {
        Path plugins = null;
        Path config = null;
        Map<Hook<?, ?>, String> routes = new LinkedHashMap<>();
        Integer pid = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugins" -> plugins = Path.of(value(args, ++i, "--plugins"));
                case "--config" -> config = Path.of(value(args, ++i, "--config"));
                case "--route" -> {
                    String route = value(args, ++i, "--route");
                    int eq = route.indexOf('=');
                    Optional<Hook<?, ?>> hook = eq < 0 ? Optional.empty() : Hook.byId(route.substring(0, eq));
                    if (hook.isEmpty() || eq == route.length() - 1) {
                        throw new IllegalArgumentException("--route takes HOOK=PLUGIN with a hook among memlock,"
                                + " scheduler, housekeeping, inspect (got '" + route + "')");
                    }
                    routes.put(hook.get(), route.substring(eq + 1));
                }
                default -> {
                    if (pid != null) {
                        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                    }
                    pid = pid(args[i]);
                }
            }
        }
        if (plugins == null) {
            throw new IllegalArgumentException("--plugins DIR is required");
        }
        if (pid == null) {
            throw new IllegalArgumentException("the pid of the VM process is required");
        }
        return new LauncherArguments(plugins, Optional.ofNullable(config), routes, pid);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int pid(String text) {
        try {
            int pid = Integer.parseInt(text);
            if (pid > 0) {
                return pid;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("the pid must be a positive integer (got '" + text + "')");
    }
}
