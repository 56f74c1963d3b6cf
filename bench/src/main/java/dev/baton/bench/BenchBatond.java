package dev.baton.bench;

import dev.baton.delegation.DelegationInterface;
import dev.baton.varlink.VarlinkClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The installation's bin/batond as a separate process, as in production, so its RSS can be read alone. */
final class BenchBatond implements AutoCloseable {
    static final String POLICY = """
            clients:
              - name: bench
                match: { uids: [0] }
                targets: same-uid
                memlock: { maxBytes: 1099511627776, allowUnlimited: true }
                scheduler: { policies: [fifo, rr, other], maxPriority: 99, maxRealtimeThreadsPerProcess: 100000 }
                housekeeping: { namePattern: "[a-z][a-z0-9-]{0,31}", maxCgroupsPerProcess: 16 }
                inspect: true
            """;

    private final Process process;
    private final Path socket;

    private BenchBatond(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    static BenchBatond start(Path home, Path work) throws Exception {
        return start(home, work, POLICY);
    }

    static BenchBatond start(Path home, Path work, String policyText) throws Exception {
        Path socket = work.resolve("batond.sock");
        Path policy = Files.writeString(work.resolve("policy.yaml"), policyText);
        Process process = new ProcessBuilder(List.of(home.resolve("bin/batond").toString(), "--socket",
                socket.toString(), "--policy", policy.toString(), "--audit", work.resolve("audit.jsonl").toString(),
                "--max-connections", "4096", "--max-connections-per-uid", "4096", "--idle-timeout", "PT30M"))
                .redirectErrorStream(true).redirectOutput(work.resolve("batond.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                try (VarlinkClient client = VarlinkClient.builder(socket).timeout(Duration.ofSeconds(2)).connect()) {
                    client.call(DelegationInterface.NEGOTIATE, new com.fasterxml.jackson.databind.ObjectMapper()
                            .createObjectNode().set("clientVersions",
                                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(1)));
                    return new BenchBatond(process, socket);
                } catch (IOException notYet) {
                    // still starting
                }
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("batond did not start: " + Files.readString(work.resolve("batond.log")));
    }

    Path socket() {
        return socket;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Resident set size of the batond JVM, from /proc/PID/status. */
    long rssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
