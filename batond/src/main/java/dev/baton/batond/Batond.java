package dev.baton.batond;

import dev.baton.batond.audit.AuditLog;
import dev.baton.batond.auth.Authorizer;
import dev.baton.batond.policy.Policy;
import dev.baton.batond.policy.PolicyLoader;
import dev.baton.core.Baton;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.varlink.VarlinkServer;
import dev.baton.varlink.VarlinkServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Clock;
import java.util.Optional;

/**
 * The privileged daemon: core with local-root behind a varlink server. It never performs an operation it has not
 * authorized against the caller's kernel identity and written to the audit log.
 */
public final class Batond implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Batond.class);

    private final Baton baton;
    private final AuditLog audit;
    private final VarlinkServer server;
    private final BatondSettings settings;

    private Batond(Baton baton, AuditLog audit, VarlinkServer server, BatondSettings settings) {
        this.baton = baton;
        this.audit = audit;
        this.server = server;
        this.settings = settings;
    }

    /**
     * Starts batond. On any failure everything already opened (audit log, core, the listening socket) is closed
     * again before the exception leaves, so a failed start leaves no socket that accepts and never answers.
     */
    public static Batond start(BatondSettings settings) throws IOException {
        Policy policy = PolicyLoader.load(settings.policy());
        // Looked up before anything is opened: a typo in the group is a message, not a half-started daemon.
        Optional<GroupPrincipal> group = settings.listenFd().isPresent() ? Optional.empty()
                : settings.socketGroup().map(name -> socketGroup(settings.socket(), name));
        AuditLog audit = settings.audit().isPresent()
                ? AuditLog.toFile(settings.audit().get(), Clock.systemUTC()) : AuditLog.toStderr(Clock.systemUTC());
        Baton baton = null;
        VarlinkServer started = null;
        try {
            Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                    .pluginConfig("local-root", settings.localRoot());
            settings.pluginsDir().ifPresent(dir -> builder.pluginsDirectory(dir).scanClassPath(false));
            // batond always acts in-process: routing every hook to local-root explicitly keeps a stray plugin on
            // the class path from ever taking over the privileged side.
            Hook.all().forEach(hook -> builder.route(hook, "local-root"));
            baton = builder.build();
            Optional<CgroupMount> hierarchy = CgroupMounts.detect().cpusetHolder();
            String name = "batond " + version();
            boolean quickCalls = !audit.mayBlock() && !policy.readsCgroups();
            if (!quickCalls) {
                LOG.info("every call runs on a worker thread: {}", audit.mayBlock()
                        ? "the audit log is not a regular file, and a write to it may wait on its reader"
                        : "a rule reads cgroups, which may wait on the kernel's cgroup locks");
            }
            DelegationService service = new DelegationService(baton, new Authorizer(policy, hierarchy), audit,
                    hierarchy, name, quickCalls);
            started = server(settings, service).start();
            if (group.isPresent()) {
                setGroup(settings.socket(), group.get());
            }
            LOG.info("{} serving dev.baton.delegation on {} with policy {} ({} rules)", name,
                    settings.listenFd().isPresent() ? "fd " + settings.listenFd().getAsInt() + " (socket activation)"
                            : settings.socket(), settings.policy(), policy.clients().size());
            return new Batond(baton, audit, started, settings);
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            if (baton != null) {
                baton.close();
            }
            try {
                audit.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static VarlinkServer server(BatondSettings settings, DelegationService service) throws IOException {
        VarlinkServerBuilder server = VarlinkServer.builder()
                .service(service.asInterface())
                .info("Baton", "batond", version(), "https://baton.dev/docs/protocol")
                // Quick calls run on the event loops (DelegationService): one loop per CPU lets them use every core.
                .ioThreads(settings.ioThreads())
                .maxConnections(settings.maxConnections())
                .maxConnectionsPerUid(settings.maxConnectionsPerUid())
                .maxMessageBytes(settings.maxMessageBytes())
                .idleTimeout(settings.idleTimeout())
                .readTimeout(settings.readTimeout())
                .shutdownGrace(settings.shutdownGrace());
        if (settings.listenFd().isPresent()) {
            server.listenFd(settings.listenFd().getAsInt());
        } else {
            Files.createDirectories(settings.socket().getParent());
            server.socketPath(settings.socket()).socketMode(settings.socketMode());
        }
        return server.build();
    }

    private static GroupPrincipal socketGroup(Path socket, String group) {
        try {
            return socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new SettingsException("--socket-group '" + group + "' is not a group on this host (see"
                    + " /etc/group); create it with 'groupadd --system " + group + "' or name an existing one");
        } catch (IOException e) {
            throw new SettingsException("cannot look up --socket-group '" + group + "': " + e.getMessage());
        }
    }

    private static void setGroup(Path socket, GroupPrincipal group) throws IOException {
        try {
            Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
        } catch (IOException e) {
            throw new IOException("cannot give the socket " + socket + " to group '" + group.getName() + "': "
                    + e.getMessage(), e);
        }
    }

    static String version() {
        String version = Batond.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    public Path socket() {
        return settings.socket();
    }

    public int connectionCount() {
        return server.connectionCount();
    }

    /** Stops accepting, lets in-flight calls finish (up to the shutdown grace), then releases everything. */
    @Override
    public void close() {
        try {
            server.shutdown(settings.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
            baton.close();
            try {
                audit.close();
            } catch (IOException e) {
                LOG.warn("cannot close the audit log: {}", e.toString());
            }
        }
    }
}
