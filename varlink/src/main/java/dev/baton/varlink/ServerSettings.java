package dev.baton.varlink;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/** Everything a {@link VarlinkServer.Builder} collected; {@code Duration.ZERO} disables a timeout. */
record ServerSettings(
        Path socketPath,
        int listenFd,
        Set<PosixFilePermission> socketMode,
        List<VarlinkService> services,
        String vendor,
        String product,
        String version,
        String url,
        int maxMessageBytes,
        Duration idleTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        int maxConnections,
        int maxConnectionsPerUid,
        int ioThreads,
        ExecutorService executor,
        Duration shutdownGrace) {
}
