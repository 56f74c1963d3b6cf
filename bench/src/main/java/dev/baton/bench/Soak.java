package dev.baton.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench/soak}: the load test of docs/security-model.md. Several unprivileged clients (uid 65534, no
 * capabilities) make 10,000 connection attempts and 1,000,000 calls in total against the installation's batond;
 * afterwards the daemon must be alive, its memory bounded, and every call accounted for in the audit log. If any of
 * that does not hold it says which and exits with status 1, keeping batond's log and the audit log for a look.
 *
 * <p>Arguments: {@code [clients] [connection-attempts] [calls]}, defaults 4, 10000, 1000000;
 * {@code -Dsoak.maxRssGrowthMiB} (default 96) bounds batond's RSS growth.
 */
public final class Soak {
    private static final String POLICY = """
            clients:
              - name: soak
                match: { uids: [65534] }
                targets: self-and-descendants
                scheduler: { policies: [fifo], maxPriority: 2, maxRealtimeThreadsPerProcess: 4 }
            """;

    /**
     * How much batond's resident memory may grow over a soak. Its heap is capped at 64 MiB (bin/batond), so growth
     * beyond heap, metaspace and JIT code warming up (31 MiB on the documented run) means something leaks off-heap.
     */
    private static final long DEFAULT_MAX_RSS_GROWTH_MIB = 96;

    private Soak() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int attempts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long calls = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        long maxRssGrowthMib = Long.getLong("soak.maxRssGrowthMiB", DEFAULT_MAX_RSS_GROWTH_MIB);
        Path home = Path.of(System.getProperty("baton.home"));
        Path work = Files.createTempDirectory("baton-soak-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> failures = new ArrayList<>();
        try {
            String classpath = stage(work);
            try (BenchBatond batond = BenchBatond.start(home, work, POLICY)) {
                Files.setPosixFilePermissions(batond.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
                long rssBefore = batond.rssKib();
                long start = System.nanoTime();
                List<Process> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                            "--clear-groups", "--inh-caps=-all",
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                            "-Djna.tmpdir=" + work.resolve("tmp"), "-cp", classpath, SoakClient.class.getName(),
                            batond.socket().toString(), Integer.toString(attempts / clients),
                            Long.toString(calls / clients)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
                }
                ClientTotals totals = ClientTotals.collect(running, failures);
                double seconds = (System.nanoTime() - start) / 1e9;
                boolean alive = batond.alive();
                long rssAfter = alive ? batond.rssKib() : 0;
                SoakAudit audit = SoakAudit.read(work.resolve("audit.jsonl"));

                System.out.printf("| clients | connection attempts | connected | calls | failed calls | wall | calls/s |%n");
                System.out.printf("|---|---|---|---|---|---|---|%n");
                System.out.printf("| %d | %d | %d | %d | %d | %.0f s | %.0f |%n%n", clients, attempts,
                        totals.connected(), totals.calls(), totals.errors(), seconds, totals.calls() / seconds);
                System.out.printf("batond alive: %s; VmRSS %d MiB before, %d MiB after (bound: +%d MiB)%n", alive,
                        rssBefore / 1024, rssAfter / 1024, maxRssGrowthMib);
                System.out.println("audit: " + audit);

                if (!alive) {
                    failures.add("batond died during the soak (see its log, batond.log)");
                } else if (rssAfter - rssBefore > maxRssGrowthMib * 1024) {
                    failures.add("batond's VmRSS grew by " + (rssAfter - rssBefore) / 1024 + " MiB, more than the"
                            + " bound of " + maxRssGrowthMib + " MiB (-Dsoak.maxRssGrowthMiB): a leak?");
                }
                long expectedCalls = calls / clients * clients;
                if (totals.calls() != expectedCalls) {
                    failures.add("the clients made " + totals.calls() + " calls, not " + expectedCalls);
                }
                if (totals.connected() != attempts / clients * clients) {
                    failures.add((attempts / clients * clients - totals.connected()) + " connection attempts did not"
                            + " get through (the limits are far above this load)");
                }
                if (totals.errors() != 0) {
                    failures.add(totals.errors() + " calls failed (see the clients' stderr above)");
                }
                failures.addAll(audit.problems(totals.calls()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                boolean keep = !failures.isEmpty();
                files.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> !keep || !p.getFileName().toString().matches("batond\\.log|audit\\.jsonl"))
                        .filter(p -> !keep || !p.equals(work))
                        .forEach(p -> p.toFile().delete());
            }
        }
        if (!failures.isEmpty()) {
            System.err.println("soak FAILED:");
            failures.forEach(f -> System.err.println("- " + f));
            System.err.println("batond's log and the audit log are kept in " + work);
            System.exit(1);
        }
        System.out.println("soak passed: batond alive, VmRSS within +" + maxRssGrowthMib + " MiB, every call"
                + " audited (allow and result), no call failed");
    }

    /** What the clients reported; a client that exits non-zero or without its DONE line is a failure. */
    private record ClientTotals(long connected, long calls, long errors) {
        static ClientTotals collect(List<Process> running, List<String> failures) throws Exception {
            long connected = 0;
            long made = 0;
            long errors = 0;
            for (Process client : running) {
                Optional<String> done = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.UTF_8)).lines().filter(l -> l.startsWith("DONE ")).findFirst();
                if (!client.waitFor(2, TimeUnit.HOURS)) {
                    client.destroyForcibly();
                    failures.add("client " + client.pid() + " did not finish within 2 hours");
                    continue;
                }
                if (client.exitValue() != 0 || done.isEmpty()) {
                    failures.add("client " + client.pid() + " exited with " + client.exitValue()
                            + done.map(d -> "").orElse(" without reporting its totals"));
                    continue;
                }
                String[] parts = done.get().split(" ");
                connected += Long.parseLong(parts[1]);
                made += Long.parseLong(parts[2]);
                errors += Long.parseLong(parts[3]);
            }
            return new ClientTotals(connected, made, errors);
        }
    }

    /** The class path, copied where uid 65534 can read it; returns the staged class path. */
    private static String stage(Path work) throws Exception {
        List<String> entries = new ArrayList<>();
        Path lib = Files.createDirectory(work.resolve("lib"));
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("rwxr-xr-x"));
        int index = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Path target = lib.resolve(index++ + "-" + source.getFileName());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                entries.add(target.toString());
            } else if (Files.isDirectory(source)) {
                // bench/target/classes: copy the tree; the JVM reads class directories as they are.
                Path target = lib.resolve(index++ + "-classes");
                entries.add(target.toString());
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path from : (Iterable<Path>) tree::iterator) {
                        Path to = target.resolve(source.relativize(from).toString());
                        if (Files.isDirectory(from)) {
                            Files.createDirectories(to);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                        } else {
                            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                        }
                    }
                }
            }
        }
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        return String.join(File.pathSeparator, entries);
    }
}
