package dev.baton.varlink;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/** Configures a {@link VarlinkServer}; obtain it from {@link VarlinkServer#builder()}. */
public final class VarlinkServerBuilder {

    private Path socketPath;
    private int listenFd = -1;
    private Set<PosixFilePermission> socketMode;
    private final List<VarlinkService> services = new ArrayList<>();
    private String vendor = "";
    private String product = "";
    private String version = "";
    private String url = "";
    private int maxMessageBytes = 1 << 20;
    private Duration idleTimeout = Duration.ofMinutes(2);
    private Duration readTimeout = Duration.ofSeconds(10);
    private Duration writeTimeout = Duration.ofSeconds(30);
    private int maxConnections = 256;
    private int maxConnectionsPerUid = 32;
    private int ioThreads = 1;
    private ExecutorService executor;
    private Duration shutdownGrace = Duration.ofSeconds(10);

    VarlinkServerBuilder() {
    }

    /** Listen on this path. A stale socket there is replaced; a live one or a non-socket is an error. */
    public VarlinkServerBuilder socketPath(Path path) {
        this.socketPath = Objects.requireNonNull(path);
        return this;
    }

    /** Adopt an already bound and listening AF_UNIX socket, e.g. fd 3 from systemd socket activation. */
    public VarlinkServerBuilder listenFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd " + fd);
        }
        this.listenFd = fd;
        return this;
    }

    /** Mode of the socket file, e.g. {@code "rw-rw-rw-"}; connect(2) needs write permission. Default: umask. */
    public VarlinkServerBuilder socketMode(String permissions) {
        return socketMode(PosixFilePermissions.fromString(permissions));
    }

    public VarlinkServerBuilder socketMode(Set<PosixFilePermission> mode) {
        this.socketMode = Set.copyOf(mode);
        return this;
    }

    /** Hosts a service; {@code org.varlink.service} is always hosted and must not be added. */
    public VarlinkServerBuilder service(VarlinkService service) {
        services.add(Objects.requireNonNull(service));
        return this;
    }

    /** The four strings {@code org.varlink.service.GetInfo} returns. */
    public VarlinkServerBuilder info(String vendor, String product, String version, String url) {
        this.vendor = Objects.requireNonNull(vendor);
        this.product = Objects.requireNonNull(product);
        this.version = Objects.requireNonNull(version);
        this.url = Objects.requireNonNull(url);
        return this;
    }

    /** Largest call message, without its NUL; a larger one closes the connection. Default 1 MiB. */
    public VarlinkServerBuilder maxMessageBytes(int bytes) {
        if (bytes < 64) {
            throw new IllegalArgumentException("maxMessageBytes " + bytes);
        }
        this.maxMessageBytes = bytes;
        return this;
    }

    /** A connection with no call running and no input for this long is closed. Default 2 min; ZERO: never. */
    public VarlinkServerBuilder idleTimeout(Duration timeout) {
        this.idleTimeout = nonNegative(timeout);
        return this;
    }

    /** A message must be complete this long after its first byte, or the connection is closed. Default 10 s. */
    public VarlinkServerBuilder readTimeout(Duration timeout) {
        this.readTimeout = nonNegative(timeout);
        return this;
    }

    /** A peer that does not read its replies for this long is disconnected. Default 30 s. */
    public VarlinkServerBuilder writeTimeout(Duration timeout) {
        this.writeTimeout = nonNegative(timeout);
        return this;
    }

    /** Open connections, overall; more are refused with PermissionDenied. Default 256. */
    public VarlinkServerBuilder maxConnections(int max) {
        this.maxConnections = positive(max);
        return this;
    }

    /** Open connections per peer uid (SO_PEERCRED); more are refused with PermissionDenied. Default 32. */
    public VarlinkServerBuilder maxConnectionsPerUid(int max) {
        this.maxConnectionsPerUid = positive(max);
        return this;
    }

    /**
     * Event-loop threads for I/O. Only {@link VarlinkService#isQuick quick} calls run on them; everything else runs
     * on the executor. Default 1.
     */
    public VarlinkServerBuilder ioThreads(int threads) {
        this.ioThreads = positive(threads);
        return this;
    }

    /**
     * Runs the calls; default: an internal cached pool of daemon threads. It must run tasks on other threads
     * than the caller's (no direct executor). A given executor is not shut down by the server.
     */
    public VarlinkServerBuilder executor(ExecutorService executor) {
        this.executor = Objects.requireNonNull(executor);
        return this;
    }

    /** How long {@link VarlinkServer#close()} lets running calls finish. Default 10 s. */
    public VarlinkServerBuilder shutdownGrace(Duration grace) {
        this.shutdownGrace = nonNegative(grace);
        return this;
    }

    public VarlinkServer build() {
        if ((socketPath == null) == (listenFd < 0)) {
            throw new IllegalStateException("set exactly one of socketPath and listenFd");
        }
        return new VarlinkServer(new ServerSettings(socketPath, listenFd, socketMode, List.copyOf(services),
                vendor, product, version, url, maxMessageBytes, idleTimeout, readTimeout, writeTimeout,
                maxConnections, maxConnectionsPerUid, ioThreads, executor, shutdownGrace));
    }

    private static Duration nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration " + d);
        }
        return d;
    }

    private static int positive(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("must be positive: " + n);
        }
        return n;
    }
}
