package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bench/soak}: the load test of docs/security-model.md. Several unprivileged clients (uid 65534, no
 * capabilities) make 10,000 connection attempts and 1,000,000 calls in total against the installation's batond;
 * afterwards the daemon must be alive, its memory bounded, and every call accounted for in the audit log.
 *
 * <p>Arguments: {@code [clients] [connection-attempts] [calls]}, defaults 4, 10000, 1000000.
 */
public final class Soak {
    private static final String POLICY = """
            clients:
              - name: soak
                match: { uids: [65534] }
                targets: self-and-descendants
                scheduler: { policies: [fifo], maxPriority: 2, maxRealtimeThreadsPerProcess: 4 }
            """;

    private Soak() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int attempts = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        long calls = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        Path home = Path.of(System.getProperty("baton.home"));
        Path work = Files.createTempDirectory("baton-soak-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        String classpath = stage(work);
        try (BenchBatond batond = BenchBatond.start(home, work, POLICY)) {
            Files.setPosixFilePermissions(batond.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
            long rssBefore = batond.rssKib();
            long start = System.nanoTime();
            List<Process> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-Djna.tmpdir=" + work.resolve("tmp"), "-cp", classpath,
                        SoakClient.class.getName(), batond.socket().toString(), Integer.toString(attempts / clients),
                        Long.toString(calls / clients)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            long connected = 0;
            long made = 0;
            long errors = 0;
            for (Process client : running) {
                String done = new BufferedReader(new java.io.InputStreamReader(client.getInputStream())).lines()
                        .filter(l -> l.startsWith("DONE ")).findFirst().orElse("DONE 0 0 0");
                client.waitFor(2, TimeUnit.HOURS);
                String[] parts = done.split(" ");
                connected += Long.parseLong(parts[1]);
                made += Long.parseLong(parts[2]);
                errors += Long.parseLong(parts[3]);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long rssAfter = batond.rssKib();
            long allows = 0;
            long results = 0;
            long lines = 0;
            ObjectMapper json = new ObjectMapper();
            try (Stream<String> audit = Files.lines(work.resolve("audit.jsonl"))) {
                for (String line : (Iterable<String>) audit::iterator) {
                    String event = json.readTree(line).path("event").asText();
                    lines++;
                    allows += event.equals("allow") ? 1 : 0;
                    results += event.equals("result") ? 1 : 0;
                }
            }
            System.out.printf("| clients | connection attempts | connected | calls | failed calls | wall | calls/s |%n");
            System.out.printf("|---|---|---|---|---|---|---|%n");
            System.out.printf("| %d | %d | %d | %d | %d | %.0f s | %.0f |%n%n", clients, attempts, connected, made, errors,
                    seconds, made / seconds);
            System.out.printf("batond alive: %s; VmRSS %d MiB before, %d MiB after%n", batond.alive(), rssBefore / 1024,
                    rssAfter / 1024);
            System.out.printf("audit: %d lines, all JSON objects; %d allow, %d result; calls accounted for: %s%n",
                    lines, allows, results, allows == made && results == made);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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
