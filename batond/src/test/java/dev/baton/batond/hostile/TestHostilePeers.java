package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.linux.testing.TestCgroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.baton.batond.hostile.Replies.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile peers: one that dies with calls in flight and whose pid goes to a root process, one that hands its
 * connected socket to another process and then dies, one that opens every connection its uid may have, one that
 * never finishes its message. Identity is what the kernel said at connect time, pinned by the peer's pidfd: a
 * vanished peer is nobody, never the process that inherits its pid, and the other peers go on being served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostilePeers {
    static final String POLICY = """
            clients:
              - name: hostile
                match: { uids: [65534] }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 6 }
                inspect: true
              - name: root-probe
                match: { uids: [0] }
                inspect: true
            """;
    private static final int PER_UID = 4;

    private StagedClasspath staged;
    private DaemonWorld daemon;
    private Unchanged unchanged;
    private int mark;
    private final List<Process> started = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path fifoDir;
    /** A root child of the test JVM (so a descendant of the root peer) for the "still serving" probe to inspect. */
    private Process probe;

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        staged = StagedClasspath.ofTestClassPath();
        daemon = DaemonWorld.start(POLICY, PER_UID, Duration.ofMillis(300));
        probe = Processes.rootSleeper();
    }

    @AfterAll
    void stop() {
        Processes.stop(probe);
        if (daemon != null) {
            daemon.close();
        }
        if (staged != null) {
            staged.close();
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = Unchanged.watch().process(1).cgroupChildren(TestCgroup.V1_CPUSET)
                .neverRealtime((int) ProcessHandle.current().pid());
        mark = daemon.audit.mark();
    }

    @AfterEach
    void cleanUpThenNothingChangedAndStillServing() throws Exception {
        try {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                closeables.get(i).close();
            }
            BatondThreads.awaitIdle();
            unchanged.assertNothingChanged();
            Replies.assertServes(daemon.socket(), (int) probe.pid());
            daemon.audit.records();
        } finally {
            closeables.clear();
            started.forEach(Processes::stop);
            started.clear();
            if (fifoDir != null) {
                try (Stream<Path> walk = Files.walk(fifoDir)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
                fifoDir = null;
            }
        }
    }

    private HostilePeerProcess peer() {
        HostilePeerProcess peer = HostilePeerProcess.start(staged, daemon.socket());
        closeables.add(peer);
        return peer;
    }

    /** A root-owned process that was given {@code pid}, watched until the end of the test. */
    private Optional<Process> recycle(int pid) {
        Optional<Process> newcomer = Processes.rootSleeperWithPid(pid);
        newcomer.ifPresent(p -> {
            started.add(p);
            unchanged.process(pid);
        });
        return newcomer;
    }

    @Test
    void aPeerKilledBeforeItsRepliesArriveIsNobodyAndItsPidGoesToRootUnharmed() {
        // The peer pipelines 200 calls that would make its own main thread SCHED_FIFO and is killed before any reply
        // arrives; its pid then goes to a new root-owned process. To make the moment exact, batond is held on the
        // first call (an invalid one, refused before anything is judged): when the peer dies, none of its
        // SetScheduler calls has been judged yet. They are dropped with the connection, or judged as nobody's; none
        // reaches the root process. (A call already
        // authorized when the peer dies: TestHostileRegressions.w2_aPeerThatDiesAfterAuthorization...)
        HostilePeerProcess peer = peer();
        int pid = peer.pid();
        try (BatondThreads.Freeze freeze = new BatondThreads.Freeze(daemon.auditLog())) {
            assertEquals("HEAD", peer.send("head " + call(DelegationInterface.INSPECT_PROCESS,
                    "{\"apiVersion\":1,\"pid\":" + pid + ",\"hold\":1}")));
            assertEquals("SENT 200", peer.send("flood 199 " + call(DelegationInterface.SET_SCHEDULER,
                    "{\"apiVersion\":1,\"pid\":" + pid + ",\"tids\":[" + pid + "],\"policy\":\"fifo\",\"priority\":1}")));
            BatondThreads.await(() -> BatondThreads.waitingForTheAudit() == 1, "the first call is held");
            peer.kill();
            Prerequisites.require(recycle(pid).isPresent(), "pid " + pid + " could not be recycled with ns_last_pid");
        }
        BatondThreads.awaitIdle();
        List<JsonNode> records = daemon.audit.since(mark);
        assertEquals("invalid", records.get(0).path("event").asText());
        for (JsonNode record : records.subList(1, records.size())) {
            assertEquals(pid, record.path("peer").path("pid").asInt());
            assertEquals("deny", record.path("event").asText(), "no call of the dead peer is authorized: " + record);
            assertEquals("not authorized: the calling process " + pid + " has exited; batond does not act for a"
                    + " caller that is gone", record.path("error").path("message").asText());
        }
    }

    @Test
    void aSocketHandedToAnotherProcessIsJudgedAsTheProcessThatConnectedAndDiesWithIt() throws Exception {
        fifoDir = Files.createTempDirectory("baton-hostile-fifo-");
        Files.setPosixFilePermissions(fifoDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path in = fifoDir.resolve("in");
        Path out = fifoDir.resolve("out");
        for (Path fifo : List.of(in, out)) {
            assertEquals(0, new ProcessBuilder("/usr/bin/mkfifo", "-m", "666", fifo.toString()).start().waitFor());
        }
        HostilePeerProcess peer = peer();
        int original = peer.pid();
        String shared = peer.send("share " + in + " " + out);
        assertTrue(shared.startsWith("SHARED "), shared);
        int shell = Integer.parseInt(shared.substring(7));
        // the peer's driver pinned the shell when it was reported, and kills it at the end
        PrintWriter calls = new PrintWriter(new FileOutputStream(in.toFile()), true, StandardCharsets.UTF_8);
        closeables.add(calls);
        BufferedReader replies = new BufferedReader(new InputStreamReader(new FileInputStream(out.toFile()),
                StandardCharsets.UTF_8));
        closeables.add(replies);
        assertEquals(original, ProcFs.stat(shell).ppid());

        // 1. The shell (a descendant of the peer) calls on the peer's connection: judged as the peer that connected.
        calls.println(call(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + shell + "}"));
        Answer first = shellAnswer(replies);
        assertEquals(shell, first.assertOk().parameters().path("pid").asInt());
        List<JsonNode> records = daemon.audit.since(mark);
        assertEquals(original, records.get(0).path("peer").path("pid").asInt(), "the caller is who connected");
        assertEquals(65534, records.get(0).path("peer").path("uid").asInt());
        // ... with exactly the peer's rights, no more: init is still out of reach
        calls.println(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":1,\"tids\":[1],"
                + "\"policy\":\"fifo\",\"priority\":1}"));
        shellAnswer(replies).assertNotAuthorized("pid 1 (init) is never a delegation target (rule 'hostile')");

        // 2. The peer that connected dies; the shell still holds the connection. Nobody is calling any more.
        peer.kill();
        String gone = "the calling process " + original + " has exited; batond does not act for a caller that is gone";
        calls.println(call(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + shell + "}"));
        shellAnswer(replies).assertNotAuthorized(gone);

        // 3. The dead peer's pid goes to a root process: calls on the old connection are still nobody's, not root's
        // and not the newcomer's (CVE-2021-3560 treated a vanished caller as root).
        Prerequisites.require(recycle(original).isPresent(), "pid " + original + " could not be recycled");
        calls.println(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + original + ",\"tids\":["
                + original + "],\"policy\":\"fifo\",\"priority\":1}"));
        shellAnswer(replies).assertNotAuthorized(gone);
        calls.println(call(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + original + "}"));
        shellAnswer(replies).assertNotAuthorized(gone);
    }

    private static Answer shellAnswer(BufferedReader replies) throws Exception {
        String line = replies.readLine();
        assertTrue(line != null && line.startsWith("SH "), "shell answer: " + line);
        assertTrue(line.length() > 3, "batond closed the shared connection");
        return Answer.ofReply(Replies.JSON.readTree(line.substring(3)));
    }

    @Test
    void aPeerHoldingEveryConnectionItsUidMayHaveStarvesOnlyItself() throws Exception {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_UID; i++) {
                RawConnection raw = new RawConnection(daemon.socket());
                held.add(raw);
                raw.sendFrame(call("org.varlink.service.GetInfo", "{}"));
                Answer.ofReply(raw.readReply()).assertOk();
            }
            try (RawConnection refused = new RawConnection(daemon.socket())) {
                // refused at once, before it sends anything, then closed
                JsonNode reply = refused.readReply();
                assertEquals("org.varlink.service.PermissionDenied", reply.path("error").asText());
                refused.assertClosedWithoutReply();
            }
            // another uid is served meanwhile
            HostilePeerProcess peer = peer();
            String answer = peer.send("call " + call("org.varlink.service.GetInfo", "{}"));
            assertTrue(answer.startsWith("REPLY ") && answer.contains("\"product\":\"batond\""), answer);
        } finally {
            for (RawConnection raw : held) {
                raw.close();
            }
        }
        BatondThreads.await(() -> {
            try (RawConnection again = new RawConnection(daemon.socket())) {
                again.sendFrame(call("org.varlink.service.GetInfo", "{}"));
                return again.readReply().path("error").isMissingNode();
            } catch (Exception e) {
                return false;
            }
        }, "a root connection is admitted again once the hoarded ones are closed");
        assertEquals(List.of(), daemon.audit.since(mark));
    }

    @Test
    void aPeerThatNeverFinishesItsMessageIsDisconnectedWhileOthersAreServed() throws Exception {
        try (RawConnection slow = new RawConnection(daemon.socket())) {
            slow.sendBytes("{\"method\":\"dev.baton.delegation.SetScheduler\",\"parameters\":{\"apiVersion\":1,"
                    .getBytes(StandardCharsets.UTF_8));
            HostilePeerProcess peer = peer();
            assertTrue(peer.send("call " + call("org.varlink.service.GetInfo", "{}")).startsWith("REPLY "));
            slow.assertClosedWithoutReply(); // after the partial-message timeout (300 ms here)
        }
        assertEquals(List.of(), daemon.audit.since(mark));
    }
}
