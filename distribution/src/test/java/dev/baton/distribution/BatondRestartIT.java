package dev.baton.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * batond is killed with SIGKILL in the middle of a launcher's sequence and started again on the same socket. The
 * launcher's remote-handler reconnects, negotiates again and completes the remaining operations; they are
 * idempotent, so the final state is exactly the requested one whichever calls ran twice.
 */
final class BatondRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = "clients:\n  - name: root\n    match: { uids: [0] }\n    targets: same-uid\n"
            + "    scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 16 }\n";

    private static Process startBatond(Path dir, String auditName) throws Exception {
        return new ProcessBuilder(Shell.home().resolve("bin/batond").toString(), "--socket",
                dir.resolve("batond.sock").toString(), "--policy", dir.resolve("policy.yaml").toString(),
                "--audit", dir.resolve(auditName).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(auditName + ".log").toFile()).start();
    }

    @Test
    void aKilledAndRestartedBatondLosesNothing(@TempDir Path dir) throws Exception {
        Prerequisites.requireRoot();
        Files.writeString(dir.resolve("policy.yaml"), POLICY);
        List<Process> daemons = new ArrayList<>();
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                .pluginsDirectory(Shell.home().resolve("plugins"))
                .pluginConfig("remote-handler", Map.of("socket", dir.resolve("batond.sock").toString(),
                        "retryDeadlineMillis", "30000"));
        Hook.all().forEach(hook -> builder.route(hook, "remote-handler"));
        try (QemuLikeChild vm = QemuLikeChild.start(4); Baton launcher = builder.build()) {
            daemons.add(startBatond(dir, "audit-1.jsonl"));
            List<Integer> vcpus = vm.vcpuTids();

            // Step 1 reaches the first daemon (the client waits for it to come up, as after a node reboot).
            Outcome<SchedulerResult> first = launcher.setScheduler(
                    SchedulerRequest.of(vm.pid(), vcpus.subList(0, 2), SchedPolicy.FIFO, 1));
            assertEquals(Verification.VERIFIED, first.verification());

            // SIGKILL: no graceful shutdown, the socket file stays behind.
            daemons.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(Files.exists(dir.resolve("batond.sock")), "a killed daemon leaves its socket file");

            // Step 2 is issued while no daemon runs; a new daemon comes up on the same socket a moment later.
            CompletableFuture<Process> restarted = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(1500);
                    return startBatond(dir, "audit-2.jsonl");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Outcome<SchedulerResult> second = launcher.setScheduler(
                    SchedulerRequest.of(vm.pid(), vcpus, SchedPolicy.FIFO, 2));
            daemons.add(restarted.get(30, TimeUnit.SECONDS));
            assertEquals(Verification.VERIFIED, second.verification());
            // Step 3 repeats step 2 on the running VM: idempotent, nothing changes twice.
            Outcome<SchedulerResult> third = launcher.setScheduler(
                    SchedulerRequest.of(vm.pid(), vcpus, SchedPolicy.FIFO, 2));
            assertTrue(third.result().threads().stream().allMatch(t -> t.outcome().name().equals("UNCHANGED")));

            for (int tid : vcpus) {
                SchedState state = ThreadScheduling.read(tid);
                assertEquals(SchedPolicy.FIFO, state.policy(), "thread " + tid);
                assertEquals(2, state.priority(), "thread " + tid);
            }
            // Every call the second daemon acted on is in its audit log, each allow followed by its result.
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("audit-2.jsonl"))) {
                records.add(JSON.readTree(line));
            }
            long allows = records.stream().filter(r -> r.path("event").asText().equals("allow")).count();
            long results = records.stream().filter(r -> r.path("event").asText().equals("result")).count();
            assertEquals(2, allows, records.toString());
            assertEquals(allows, results);
        } finally {
            for (Process daemon : daemons) {
                daemon.destroy();
                if (!daemon.waitFor(15, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
        }
    }
}
