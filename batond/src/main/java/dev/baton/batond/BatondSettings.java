package dev.baton.batond;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * How batond runs. The limits default to values that suit one node's VM launchers; see docs/operations.md.
 *
 * @param socket        the socket path to create, or, with {@code listenFd}, the path systemd bound
 * @param listenFd      an already listening socket passed by systemd (LISTEN_FDS), instead of binding one
 * @param audit         the audit log file; empty for stderr
 * @param socketMode    permissions of the socket file, e.g. "rw-rw----"
 * @param socketGroup   the group that owns the socket file, so only its members can connect; empty to keep root's
 * @param localRoot     settings handed to the local-root plugin (cgroupLayout, cgroupV1Root, cgroupV2Root)
 * @param pluginsDir    where to load local-root from (an installation's plugins/); empty for the class path
 * @param ioThreads     event loops; quick calls run on them, so one per CPU lets calls use every core
 */
public record BatondSettings(Path socket, OptionalInt listenFd, Path policy, Optional<Path> audit, String socketMode,
                             Optional<String> socketGroup, int maxConnections, int maxConnectionsPerUid,
                             int maxMessageBytes, Duration idleTimeout, Duration readTimeout, Duration shutdownGrace,
                             Map<String, String> localRoot, Optional<Path> pluginsDir, int ioThreads) {
    public static final String DEFAULT_SOCKET = "/run/baton/batond.sock";

    public BatondSettings {
        requireNonNull(socket, "socket is null");
        requireNonNull(policy, "policy is null");
        localRoot = Map.copyOf(localRoot);
        requireNonNull(pluginsDir, "pluginsDir is null");
        if (ioThreads < 1) {
            throw new SettingsException("--io-threads must be at least 1 (got " + ioThreads + ")");
        }
    }

    /** One event loop per CPU. */
    public static int defaultIoThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The defaults, for a socket and a policy. */
    public static BatondSettings defaults(Path socket, Path policy) {
        return new BatondSettings(socket, OptionalInt.empty(), policy, Optional.empty(), "rw-rw----", Optional.empty(),
                256, 32, 1 << 20, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(), Optional.empty(),
                defaultIoThreads());
    }

    public BatondSettings withAudit(Path file) {
        return new BatondSettings(socket, listenFd, policy, Optional.of(file), socketMode, socketGroup, maxConnections,
                maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, localRoot, pluginsDir, ioThreads);
    }

    public BatondSettings withSocketMode(String mode) {
        return new BatondSettings(socket, listenFd, policy, audit, mode, socketGroup, maxConnections,
                maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, localRoot, pluginsDir, ioThreads);
    }

    public BatondSettings withSocketGroup(String group) {
        return new BatondSettings(socket, listenFd, policy, audit, socketMode, Optional.of(group), maxConnections,
                maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, localRoot, pluginsDir, ioThreads);
    }

    public BatondSettings withLocalRoot(Map<String, String> settings) {
        return new BatondSettings(socket, listenFd, policy, audit, socketMode, socketGroup, maxConnections,
                maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, settings, pluginsDir, ioThreads);
    }

    public BatondSettings withIoThreads(int threads) {
        return new BatondSettings(socket, listenFd, policy, audit, socketMode, socketGroup, maxConnections,
                maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, localRoot, pluginsDir,
                threads);
    }

    public BatondSettings withConnectionLimits(int overall, int perUid) {
        return new BatondSettings(socket, listenFd, policy, audit, socketMode, socketGroup, overall, perUid,
                maxMessageBytes, idleTimeout, readTimeout, shutdownGrace, localRoot, pluginsDir, ioThreads);
    }
}
