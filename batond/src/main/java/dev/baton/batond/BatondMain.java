package dev.baton.batond;

import dev.baton.batond.policy.PolicyException;
import dev.baton.linux.SdNotify;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code batond --socket PATH --policy FILE [--audit FILE] ...}: runs until SIGTERM, then shuts down gracefully. */
@Command(name = "batond", mixinStandardHelpOptions = true, versionProvider = BatondMain.Version.class,
        description = "The Baton privileged daemon: authorizes, performs and audits delegated operations.")
public final class BatondMain implements Callable<Integer> {
    @Option(names = "--socket", description = "Socket path (default: ${DEFAULT-VALUE}).",
            defaultValue = BatondSettings.DEFAULT_SOCKET)
    Path socket;

    @Option(names = "--policy", required = true, description = "Policy file (YAML); denies by default.")
    Path policy;

    @Option(names = "--audit", description = "Audit log file, JSON lines (default: stderr).")
    Path audit;

    @Option(names = "--socket-mode", defaultValue = "rw-rw----", description = "Socket permissions (default: ${DEFAULT-VALUE}).")
    String socketMode;

    @Option(names = "--socket-group", description = "Group that may connect (owns the socket).")
    String socketGroup;

    @Option(names = "--listen-fd", description = "Serve an already listening socket fd (systemd passes 3).")
    Integer listenFd;

    @Option(names = "--max-connections", defaultValue = "256", description = "Connections overall (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-uid", defaultValue = "32", description = "Connections per uid (default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerUid;

    @Option(names = "--max-message-bytes", defaultValue = "1048576", description = "Largest message (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--idle-timeout", defaultValue = "PT2M", description = "Close idle connections after (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--read-timeout", defaultValue = "PT10S", description = "Close peers that stall mid-message after (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--io-threads", description = "Event loops, which also run the quick calls (default: one per CPU).")
    Integer ioThreads;

    @Option(names = "--plugins-dir", description = "Load local-root from this plugins directory (an installation's plugins/).")
    Path pluginsDir;

    @Option(names = "--cgroup-layout", defaultValue = "auto", description = "auto, v1 or v2: where housekeeping cgroups go.")
    String cgroupLayout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatondMain()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Socket activation: an explicit --listen-fd wins, else LISTEN_FDS/LISTEN_PID from systemd.
        OptionalInt listen = listenFd != null ? OptionalInt.of(listenFd)
                : SdNotify.listenFd().map(OptionalInt::of).orElse(OptionalInt.empty());
        Batond daemon;
        try {
            BatondSettings settings = new BatondSettings(socket, listen,
                    policy, Optional.ofNullable(audit), socketMode, Optional.ofNullable(socketGroup), maxConnections,
                    maxConnectionsPerUid, maxMessageBytes, idleTimeout, readTimeout, Duration.ofSeconds(10),
                    Map.of("cgroupLayout", cgroupLayout), Optional.ofNullable(pluginsDir),
                    ioThreads != null ? ioThreads : BatondSettings.defaultIoThreads());
            daemon = Batond.start(settings);
        } catch (PolicyException | SettingsException e) {
            System.err.println("batond: " + e.getMessage());
            return 2;
        }
        SdNotify.notify("READY=1\nSTATUS=serving dev.baton.delegation on " + socket);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SdNotify.notify("STOPPING=1");
            daemon.close();
            stopped.countDown();
        }, "batond-shutdown"));
        stopped.await();
        return 0;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"batond " + Batond.version()};
        }
    }
}
