package dev.baton.plugins.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * remote-handler's settings, parsed from {@code plugins.remote-handler} in conf/baton.yaml. The keys and their
 * defaults are documented on {@link RemoteHandlerPlugin}.
 *
 * <p>Every problem is an {@link IllegalArgumentException} that names the key, so that {@code baton plugins} can
 * show the operator exactly which line to fix. Unknown keys are refused too: a misspelt
 * {@code retryDeadlineMilis} would otherwise be silently ignored and the default used.
 */
record RemoteHandlerSettings(Path socket, Duration connectTimeout, Duration callTimeout, Duration retryDeadline,
                             int maxConnections) {
    static final String SOCKET = "socket";
    static final String CONNECT_TIMEOUT_MILLIS = "connectTimeoutMillis";
    static final String CALL_TIMEOUT_MILLIS = "callTimeoutMillis";
    static final String RETRY_DEADLINE_MILLIS = "retryDeadlineMillis";
    static final String MAX_CONNECTIONS = "maxConnections";
    static final List<String> KEYS =
            List.of(SOCKET, CONNECT_TIMEOUT_MILLIS, CALL_TIMEOUT_MILLIS, RETRY_DEADLINE_MILLIS, MAX_CONNECTIONS);

    static final Path DEFAULT_SOCKET = Path.of("/run/baton/batond.sock");

    /**
     * Long enough for a socket-activated batond (the shipped batond.socket) to start: systemd accepts the first
     * connection at once but batond answers Negotiate only when its JVM is up, a second or more on a busy node.
     */
    static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 10_000;

    /** sun_path holds 108 bytes including the terminating NUL (unix(7)). */
    private static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final String PREFIX = "plugins." + RemoteHandlerPlugin.NAME + ".";

    RemoteHandlerSettings {
        requireNonNull(socket, "socket is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(callTimeout, "callTimeout is null");
        requireNonNull(retryDeadline, "retryDeadline is null");
    }

    static RemoteHandlerSettings from(Map<String, String> config) {
        requireNonNull(config, "config is null");
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(PREFIX + key + " is not a setting of " + RemoteHandlerPlugin.NAME
                        + " (known: " + String.join(", ", KEYS) + ")");
            }
        }
        return new RemoteHandlerSettings(
                socket(config.get(SOCKET)),
                Duration.ofMillis(number(config, CONNECT_TIMEOUT_MILLIS, DEFAULT_CONNECT_TIMEOUT_MILLIS, 1)),
                Duration.ofMillis(number(config, CALL_TIMEOUT_MILLIS, 30_000, 1)),
                Duration.ofMillis(number(config, RETRY_DEADLINE_MILLIS, 10_000, 0)),
                (int) Math.min(Integer.MAX_VALUE, number(config, MAX_CONNECTIONS, 8, 1)));
    }

    private static Path socket(String value) {
        if (value == null) {
            return DEFAULT_SOCKET;
        }
        String trimmed = value.trim();
        if (trimmed.isEmpty() || !trimmed.startsWith("/")) {
            throw new IllegalArgumentException(PREFIX + SOCKET + " must be the absolute path of batond's socket,"
                    + " e.g. " + DEFAULT_SOCKET + ", not '" + value + "'");
        }
        if (trimmed.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException(PREFIX + SOCKET + " is longer than the " + MAX_SOCKET_PATH_BYTES
                    + " bytes a Unix socket address holds: '" + value + "'");
        }
        return Path.of(trimmed);
    }

    private static long number(Map<String, String> config, String key, long defaultValue, long minimum) {
        String value = config.get(key);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " must be a whole number"
                    + (key.endsWith("Millis") ? " of milliseconds" : "") + ", not '" + value + "'", e);
        }
        if (parsed < minimum) {
            throw new IllegalArgumentException(PREFIX + key + " must be at least " + minimum + ", not " + parsed);
        }
        return parsed;
    }
}
