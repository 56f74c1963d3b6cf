package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.batond.testing.Closer;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.varlink.VarlinkClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.baton.batond.hostile.Replies.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks that worked against batond until they were fixed, found while writing this catalogue; each asserts the
 * secure outcome and guards its fix.
 *
 * <p>Several hold batond between authorization and action with {@link BatondThreads.Freeze} (batond runs in the
 * test JVM): this makes a race deterministic; in production a slow audit disk, journald back-pressure, a GC pause or
 * CPU starvation (by the very real-time threads batond grants) opens the same window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostileRegressions {
    private StagedClasspath staged;
    private final Closer closer = new Closer();

    @BeforeAll
    void stage() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
    }

    @AfterAll
    void unstage() {
        if (staged != null) {
            staged.close();
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        closer.closeAll();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        return closer.register(resource);
    }

    private DaemonWorld daemon(String policy) {
        return closing(DaemonWorld.start(policy, 32, Duration.ofSeconds(10)));
    }

    private HostilePeerProcess peer(DaemonWorld daemon) {
        return closing(HostilePeerProcess.start(staged, daemon.socket()));
    }

    private static Answer reply(String line) {
        assertTrue(line.startsWith("REPLY "), line);
        try {
            return Answer.ofReply(Replies.JSON.readTree(line.substring(6)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sched(int pid, String policy, int priority, int... tids) {
        StringBuilder list = new StringBuilder();
        for (int tid : tids) {
            list.append(list.isEmpty() ? "" : ",").append(tid);
        }
        return "{\"apiVersion\":1,\"pid\":" + pid + ",\"tids\":[" + list + "],\"policy\":\"" + policy
                + "\",\"priority\":" + priority + "}";
    }

    static final String LAUNCHER_POLICY = """
            clients:
              - name: launchers
                match: { uids: [65534] }
                memlock: { maxBytes: 67108864, allowUnlimited: false }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 1 }
                inspect: true
            """;

    /**
     * W1. A setuid-root program the launcher starts is its descendant (and has its real uid), so batond acted on a
     * process that runs as root, which the kernel itself refuses the caller (prlimit wants every uid to match,
     * ptrace a dumpable process). Fixed: TargetPrivilege refuses targets with privilege the caller lacks.
     */
    @Test
    void w1_aSetuidRootDescendantOfTheLauncherIsNotATarget() {
        Path su = Path.of("/usr/bin/su");
        Prerequisites.require(Files.isExecutable(su), "/usr/bin/su is missing");
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int pid = peer.spawn("su", su.toString(), "root", "-c", "true"); // waits for a password on its stdin pipe
        BatondThreads.await(() -> ProcFs.status(pid).euid() == 0, "su has become euid 0");
        Unchanged root = Unchanged.watch().process(pid);
        Answer answer = reply(peer.send("call " + call(DelegationInterface.SET_SCHEDULER, sched(pid, "fifo", 1, pid))));
        assertEquals(Replies.NOT_AUTHORIZED, answer.error(), "batond acted on euid-0 " + su + ": " + answer);
        root.assertNothingChanged();
    }

    /**
     * W1, with file capabilities instead of a set-user-ID bit: the program runs as the launcher's own uid but holds
     * CAP_NET_RAW, which the launcher does not.
     */
    @Test
    void w1_aProgramWithFileCapabilitiesIsNotATarget() throws Exception {
        Path setcap = Path.of("/usr/sbin/setcap");
        Prerequisites.require(Files.isExecutable(setcap), "/usr/sbin/setcap is missing (Debian package libcap2-bin)");
        Path dir = Files.createTempDirectory("baton-filecaps-");
        Path capped = dir.resolve("capped-sleep");
        closing(() -> {
            Files.deleteIfExists(capped);
            Files.deleteIfExists(dir);
        });
        Files.copy(Path.of("/bin/sleep"), capped);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(capped, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Process grant = new ProcessBuilder(setcap.toString(), "cap_net_raw+ep", capped.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, grant.waitFor(), new String(grant.getInputStream().readAllBytes()));
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int pid = peer.spawn("capped", capped.toString(), "600");
        BatondThreads.await(() -> ProcFs.status(pid).capPermitted() != 0, "the program holds CAP_NET_RAW");
        Unchanged target = Unchanged.watch().process(pid);
        Answer answer = reply(peer.send("call " + call(DelegationInterface.SET_SCHEDULER, sched(pid, "fifo", 1, pid))));
        assertEquals(Replies.NOT_AUTHORIZED, answer.error(), "batond acted on a program with file capabilities: "
                + answer);
        assertTrue(answer.parameters().path("reason").asText().startsWith("pid " + pid + " holds capabilities the"
                + " caller lacks (mask 0x2000)"), answer.toString());
        target.assertNothingChanged();
    }

    /**
     * W2. batond authorized against a pinned target, but local-root pinned the pid number again before acting: if
     * the target died and its pid was recycled in between, the action landed on the newcomer, and batond reported
     * NoSuchProcess after the fact. Fixed: batond passes the authorized start time with the request, and local-root
     * refuses a process with another one.
     */
    @Test
    void w2_aPidRecycledBetweenAuthorizationAndActionIsNeverActedOn() {
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int child = peer.spawn("child", "/bin/sleep", "600");
        Optional<Process> newcomer;
        try (BatondThreads.Freeze freeze = new BatondThreads.Freeze(daemon.auditLog())) {
            peer.println("call " + call(DelegationInterface.SET_SCHEDULER, sched(child, "fifo", 1, child)));
            BatondThreads.await(() -> BatondThreads.waitingToAct() == 1, "the call is authorized, not yet acted on");
            Processes.killAndAwait(child); // SIGKILL; the peer's JVM reaps it
            BatondThreads.await(() -> !Files.exists(Path.of("/proc/" + child)), "the child is reaped");
            newcomer = Processes.rootSleeperWithPid(child);
            Prerequisites.require(newcomer.isPresent(), "pid " + child + " could not be recycled");
            closing(() -> Processes.stop(newcomer.get()));
        }
        Answer answer = reply(peer.readLine());
        assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(child).policy(), "the root-owned process that got pid "
                + child + " was made real-time for uid 65534; batond answered " + answer);
        answer.assertError(Replies.NO_SUCH_PROCESS, "message", "process " + child + " exited during the operation");
        assertEquals(child, answer.parameters().path("pid").asInt());
    }

    /**
     * W2, as the peer's own death: a peer asks for itself, is authorized, and is killed; its pid goes to a root
     * process before batond acts. Fixed twice over: the peer must still be alive right before batond acts, and the
     * start time pins the target.
     */
    @Test
    void w2_aPeerThatDiesAfterAuthorizationIsNotActedForOnItsRecycledPid() {
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int pid = peer.pid();
        Optional<Process> newcomer;
        try (BatondThreads.Freeze freeze = new BatondThreads.Freeze(daemon.auditLog())) {
            assertEquals("SENT 1", peer.send("flood 1 " + call(DelegationInterface.SET_SCHEDULER,
                    sched(pid, "fifo", 1, pid))));
            BatondThreads.await(() -> BatondThreads.waitingToAct() == 1, "the call is authorized, not yet acted on");
            peer.kill();
            newcomer = Processes.rootSleeperWithPid(pid);
            Prerequisites.require(newcomer.isPresent(), "pid " + pid + " could not be recycled");
            closing(() -> Processes.stop(newcomer.get()));
        }
        BatondThreads.awaitIdle();
        assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(pid).policy(), "the root-owned process that got the dead"
                + " peer's pid " + pid + " was made real-time");
        // Nobody is left to read a reply: the audit record is the answer, and it must say why nothing was done.
        List<JsonNode> records = daemon.audit.records();
        JsonNode last = records.get(records.size() - 1);
        assertEquals("result", last.path("event").asText(), last.toString());
        assertEquals(pid, last.path("peer").path("pid").asInt());
        assertEquals("launchers", last.path("rule").asText());
        assertEquals("NotAuthorized", last.path("error").path("kind").asText());
        assertEquals("not authorized: the calling process " + pid + " has exited; batond does not act for a caller"
                + " that is gone", last.path("error").path("message").asText());
    }

    static final String ROOT_POLICY = """
            clients:
              - name: root-tests
                match: { uids: [0] }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 1 }
                housekeeping: { namePattern: "[a-z]+", maxCgroupsPerProcess: 1 }
            """;

    /**
     * Starts {@code calls} on separate connections at once and holds them while all are in flight: the first is
     * authorized and frozen before it acts, the others wait for the lock on the limit it was counted against.
     */
    private List<Answer> concurrently(DaemonWorld daemon, String method, List<ObjectNode> calls) throws Exception {
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        try (BatondThreads.Freeze freeze = new BatondThreads.Freeze(daemon.auditLog())) {
            for (ObjectNode parameters : calls) {
                Thread thread = new Thread(() -> {
                    try (VarlinkClient client = VarlinkClient.connect(daemon.socket())) {
                        client.send(method, parameters);
                        dev.baton.varlink.VarlinkReply reply = client.receive();
                        answers.add(new Answer(reply.error(), reply.parameters()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            BatondThreads.await(() -> BatondThreads.waitingToAct() == 1 && BatondThreads.serving() == calls.size(),
                    "all calls in flight, one authorized");
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        return List.copyOf(answers);
    }

    /**
     * W3. The real-time thread count was taken per call with no lock, so concurrent calls each saw room for one.
     * Fixed: the count is taken under a per-target lock held until the call has acted.
     */
    @Test
    void w3_concurrentCallsCannotExceedTheRealtimeThreadLimit() throws Exception {
        DaemonWorld daemon = daemon(ROOT_POLICY);
        QemuLikeChild vm = closing(QemuLikeChild.start(4));
        List<ObjectNode> calls = new ArrayList<>();
        for (int vcpu : vm.vcpuTids()) {
            ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("apiVersion", 1).put("pid", vm.pid())
                    .put("policy", "fifo").put("priority", 1);
            parameters.putArray("tids").add(vcpu);
            calls.add(parameters);
        }
        List<Answer> answers = concurrently(daemon, DelegationInterface.SET_SCHEDULER, calls);
        long realtime = ProcFs.threadIds(vm.pid()).stream()
                .filter(tid -> ThreadScheduling.read(tid).policy().isRealtime()).count();
        assertTrue(realtime <= 1, realtime + " real-time threads, the rule allows 1: " + answers);
        assertOneAllowedOthersDenied(answers, "pid " + vm.pid() + " would have 2 real-time threads, more than the"
                + " maximum 1 (rule 'root-tests')");
    }

    /** The first call took the free slot; every other one was denied for the limit, with its exact reason. */
    private static void assertOneAllowedOthersDenied(List<Answer> answers, String reason) {
        assertEquals(1, answers.stream().filter(a -> a.error() == null).count(), "one call succeeds: " + answers);
        for (Answer answer : answers) {
            if (answer.error() != null) {
                answer.assertNotAuthorized(reason);
            }
        }
    }

    /** W4. The same for the number of child cgroups; the lock is per cgroup directory. */
    @Test
    void w4_concurrentCallsCannotExceedTheCgroupLimit() throws Exception {
        DaemonWorld daemon = daemon(ROOT_POLICY);
        TestCgroup pod = closing(TestCgroup.v1Cpuset(true));
        QemuLikeChild vm = closing(QemuLikeChild.start(1));
        pod.adopt(vm.pid());
        List<ObjectNode> calls = new ArrayList<>();
        for (String name : List.of("alpha", "beta", "gamma")) {
            ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("apiVersion", 1).put("pid", vm.pid())
                    .put("cgroup", name);
            parameters.putArray("tids").add(vm.tid("worker"));
            calls.add(parameters);
        }
        List<Answer> answers = concurrently(daemon, DelegationInterface.MOVE_THREADS, calls);
        long children = Unchanged.tree(pod.dir()).stream().filter(p -> !p.isEmpty()).count();
        assertTrue(children <= 1, children + " child cgroups, the rule allows 1: " + answers);
        assertOneAllowedOthersDenied(answers, "pid " + vm.pid() + "'s cgroup would have 2 child cgroups, more than the"
                + " maximum 1 (rule 'root-tests')");
    }

    /**
     * W5. bytes = -1 is RLIM_INFINITY to the SPI (MemlockLimit.INFINITY), so it was "unlimited" under allowUnlimited:
     * false. Fixed: the authorizer judges -1 as unlimited, and the wire refuses negative byte counts.
     */
    @Test
    void w5_memlockBytesMinusOneIsNotAWayAroundAllowUnlimitedFalse() {
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int mark = daemon.audit.mark();
        Answer answer = reply(peer.send("call " + call(DelegationInterface.SET_MAX_MEMLOCK, "{\"apiVersion\":1,\"pid\":"
                + peer.pid() + ",\"bytes\":-1,\"onlyRaise\":false}")));
        List<String> events = daemon.audit.since(mark).stream().map(r -> r.path("event").asText()).toList();
        assertEquals(List.of("deny"), events, "batond authorized an unlimited memlock limit: " + answer);
        answer.assertNotAuthorized("memlock bytes -1 would mean unlimited (RLIM_INFINITY), which is not allowed"
                + " (rule 'launchers')");
    }

    /**
     * W6. maxRealtimeThreadsPerProcess is counted when batond is asked, but a real-time thread's new threads
     * inherited its policy: one granted thread became any number. Fixed: batond sets SCHED_RESET_ON_FORK on every
     * thread it makes real-time, which an unprivileged thread cannot clear.
     */
    @Test
    void w6_threadsStartedByARealtimeThreadDoNotExceedTheLimit() {
        DaemonWorld daemon = daemon(LAUNCHER_POLICY);
        HostilePeerProcess peer = peer(daemon);
        String nursery = peer.send("nursery");
        int tid = Integer.parseInt(nursery.substring("NURSERY ".length()));
        reply(peer.send("call " + call(DelegationInterface.SET_SCHEDULER, sched(peer.pid(), "fifo", 1, tid))))
                .assertOk();
        assertTrue(peer.send("breed 4").startsWith("BRED "));
        long realtime = ProcFs.threadIds(peer.pid()).stream()
                .filter(t -> ThreadScheduling.read(t).policy().isRealtime()).count();
        assertTrue(realtime <= 1, peer.pid() + " has " + realtime + " real-time threads, the rule allows 1");
    }

    static final String CARELESS_POLICY = """
            clients:
              - name: careless
                match: { uids: [65534] }
                housekeeping: { namePattern: "(?s).*", maxCgroupsPerProcess: 0 }
            """;

    /**
     * W7. Under a pattern that admits it, a NUL in the cgroup name made TargetLimits.checkCgroupCount throw
     * InvalidPathException (Path.resolve) before the name was validated: the call was neither answered nor audited.
     * Fixed: the request is validated before anything resolves it, and an unexpected exception is still audited
     * and answered.
     */
    @Test
    void w7_aNulInACgroupNameIsAnsweredAndAudited() {
        DaemonWorld daemon = daemon(CARELESS_POLICY);
        HostilePeerProcess peer = peer(daemon);
        int mark = daemon.audit.mark();
        String answer = peer.send("call " + call(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":"
                + peer.pid() + ",\"tids\":[" + peer.pid() + "],\"cgroup\":\"a\\u0000b\"}"));
        assertTrue(answer.startsWith("REPLY "), "no answer: " + answer);
        assertEquals(1, daemon.audit.since(mark).size(), "no audit record of the call");
        String message = "invalid request: cgroup must be one path component of letters, digits, '_' and '-' (no '/',"
                + " no '.', not starting with '-'), got 'a\\u0000b'";
        reply(answer).assertError(Replies.INVALID_PARAMETER, "message", message).assertInvalidParameter("cgroup");
        JsonNode record = daemon.audit.since(mark).get(0);
        assertEquals("invalid", record.path("event").asText(), record.toString());
        assertEquals("careless", record.path("rule").asText(), "the rule whose pattern admitted the name");
        assertEquals(message, record.path("error").path("message").asText());
    }

    /**
     * W8. Under such a pattern the cgroup name was also used as a path (an absolute name replaces the target's
     * cgroup in Path.resolve) before it was validated: at the cgroup limit the answer told whether any path exists,
     * as root sees it. Fixed by validating first, as for W7.
     */
    @Test
    void w8_theAnswerDoesNotRevealWhetherARootOnlyPathExists() throws Exception {
        Path secret = Files.createTempDirectory(Path.of("/root"), "baton-secret-");
        closing(() -> Files.deleteIfExists(secret));
        DaemonWorld daemon = daemon(CARELESS_POLICY);
        TestCgroup pod = closing(TestCgroup.v1Cpuset(true));
        HostilePeerProcess peer = peer(daemon);
        pod.adopt(peer.pid());
        String existing = peer.send("call " + call(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":"
                + peer.pid() + ",\"tids\":[" + peer.pid() + "],\"cgroup\":\"" + secret + "\"}"));
        String missing = peer.send("call " + call(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":"
                + peer.pid() + ",\"tids\":[" + peer.pid() + "],\"cgroup\":\"" + secret + "-not\"}"));
        assertEquals(reply(existing).error(), reply(missing).error(), "an oracle: " + existing + " / " + missing);
        String refused = "invalid request: cgroup must be one path component of letters, digits, '_' and '-' (no '/',"
                + " no '.', not starting with '-'), got '";
        reply(existing).assertError(Replies.INVALID_PARAMETER, "message", refused + secret + "'")
                .assertInvalidParameter("cgroup");
        reply(missing).assertError(Replies.INVALID_PARAMETER, "message", refused + secret + "-not'")
                .assertInvalidParameter("cgroup");
    }

    /**
     * W9. Client text in denials: AuditLog left DEL (0x7f) raw, and Printable kept Unicode format and separator
     * characters raw (U+202E right-to-left override, U+2028 line separator), which reached batond's log line and any
     * terminal showing the reason. Fixed: ClientText escapes them, and the audit log escapes DEL.
     */
    @Test
    void w9_deniedTextHasNoRawDelNorBidiOverridesNorLineSeparators() {
        DaemonWorld daemon = daemon(LAUNCHER_POLICY.replace("inspect: true", "inspect: true\n"
                + "    housekeeping: { namePattern: \"[a-z]+\", maxCgroupsPerProcess: 1 }"));
        HostilePeerProcess peer = peer(daemon);
        String name = "x\u007f\u202eevil\u2028y";
        Answer answer = reply(peer.send("call " + call(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":"
                + peer.pid() + ",\"tids\":[" + peer.pid() + "],\"cgroup\":" + JsonNodeFactory.instance.textNode(name)
                + "}")));
        String reason = answer.parameters().path("reason").asText();
        assertFalse(reason.chars().anyMatch(c -> Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.LINE_SEPARATOR || c == 0x7f), "raw in the reason: " + reason);
        try {
            byte[] audit = Files.readAllBytes(daemon.dir.resolve("audit.jsonl"));
            for (byte b : audit) {
                assertTrue(b != 0x7f, "a raw DEL in the audit log");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
