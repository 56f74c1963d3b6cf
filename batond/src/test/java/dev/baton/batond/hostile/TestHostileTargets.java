package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.baton.batond.hostile.Replies.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Targets an unprivileged launcher (uid 65534, rule {@code self-and-descendants}) must never reach, asked for raw so
 * that no client-side check stands in the way: other users' processes, init, kernel threads, batond, a thread of
 * another process slipped into the tids, a process that claims a parent it does not have, targets that exit during
 * the call and pids that are recycled while calls are in flight.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostileTargets {
    private static final String RULE = "launchers";

    private StagedClasspath staged;
    private LauncherWorld world;
    private QemuLikeChild rootVm;
    private Unchanged unchanged;
    private int mark;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
        world = LauncherWorld.start(staged, LauncherWorld.POLICY);
        rootVm = QemuLikeChild.start(2);
    }

    @AfterAll
    void stop() {
        if (rootVm != null) {
            rootVm.close();
        }
        if (world != null) {
            world.close();
        }
        if (staged != null) {
            staged.close();
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = world.watch().process(rootVm.pid()).process(1).process(2);
        mark = world.audit.mark();
    }

    @AfterEach
    void nothingChangedAndStillServing() {
        try {
            unchanged.assertNothingChanged();
            world.assertServes();
            world.audit.records();
        } finally {
            started.forEach(Processes::stop);
            started.clear();
        }
    }

    private static String sched(int pid, int tid) {
        return "{\"apiVersion\":1,\"pid\":" + pid + ",\"tids\":[" + tid + "],\"policy\":\"fifo\",\"priority\":1}";
    }

    private String notDescendant(int pid) {
        return "pid " + pid + " is not the caller (pid " + world.launcher.pid() + ") or one of its descendants (rule '"
                + RULE + "')";
    }

    private JsonNode lastRecord() {
        List<JsonNode> records = world.audit.since(mark);
        assertEquals(1, records.size(), "exactly one audit record: " + records);
        return records.get(0);
    }

    Stream<Arguments> everyMethodOnARootProcess() {
        int pid = rootVm.pid();
        int worker = rootVm.tid("worker");
        return Stream.of(
                Arguments.of(DelegationInterface.SET_SCHEDULER, sched(pid, rootVm.tid("CPU 0/KVM"))),
                Arguments.of(DelegationInterface.SET_MAX_MEMLOCK, "{\"apiVersion\":1,\"pid\":" + pid
                        + ",\"bytes\":4096,\"onlyRaise\":false}"),
                Arguments.of(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":" + pid + ",\"tids\":["
                        + worker + "],\"cgroup\":\"housekeeping\"}"),
                Arguments.of(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + pid + "}"));
    }

    @ParameterizedTest(name = "{0} on a process of another uid (root)")
    @MethodSource("everyMethodOnARootProcess")
    void aProcessOfAnotherUidIsNotAuthorizedForAnyMethod(String method, String parameters) {
        world.raw(method, parameters).assertNotAuthorized(notDescendant(rootVm.pid()));
        JsonNode deny = lastRecord();
        assertEquals("deny", deny.path("event").asText());
        assertEquals(rootVm.pid(), deny.path("target").asInt());
        assertEquals(world.launcher.pid(), deny.path("peer").path("pid").asInt());
    }

    @Test
    void aProcessOfTheSameUidThatIsNotADescendantIsNotAuthorized() {
        // Same uid is not enough under self-and-descendants: another launcher's VM must stay out of reach.
        try (QemuLikeChild neighbour = QemuLikeChild.startUnprivileged(1)) {
            Unchanged theNeighbour = Unchanged.watch().process(neighbour.pid());
            world.raw(DelegationInterface.SET_SCHEDULER, sched(neighbour.pid(), neighbour.tid("CPU 0/KVM")))
                    .assertNotAuthorized(notDescendant(neighbour.pid()));
            theNeighbour.assertNothingChanged();
        }
    }

    @Test
    void pidOneIsNeverATarget() {
        world.raw(DelegationInterface.SET_SCHEDULER, sched(1, 1))
                .assertNotAuthorized("pid 1 (init) is never a delegation target (rule '" + RULE + "')");
        assertEquals("deny", lastRecord().path("event").asText());
    }

    @Test
    void kthreaddIsNeverATarget() {
        Prerequisites.require(ProcFs.stat(2).comm().equals("kthreadd"), "pid 2 is not kthreadd (a container?)");
        world.raw(DelegationInterface.SET_SCHEDULER, sched(2, 2))
                .assertNotAuthorized("pid 2 is a kernel thread (rule '" + RULE + "')");
        world.raw(DelegationInterface.SET_MAX_MEMLOCK, "{\"apiVersion\":1,\"pid\":2,\"unlimited\":true}")
                .assertNotAuthorized("an unlimited memlock limit is not allowed (rule '" + RULE + "')");
    }

    @Test
    void anyOtherKernelThreadIsNeverATarget() {
        int kthread = firstKernelThreadAbove(2);
        unchanged.process(kthread);
        world.raw(DelegationInterface.SET_SCHEDULER, sched(kthread, kthread))
                .assertNotAuthorized("pid " + kthread + " is a kernel thread (rule '" + RULE + "')");
        world.raw(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + kthread + "}")
                .assertNotAuthorized("pid " + kthread + " is a kernel thread (rule '" + RULE + "')");
    }

    @Test
    void batondItselfIsNeverATargetEvenAsTheLaunchersParent() {
        int self = (int) ProcessHandle.current().pid(); // batond runs in the test JVM, which started the launcher
        world.raw(DelegationInterface.SET_SCHEDULER, sched(self, self))
                .assertNotAuthorized("batond itself is never a delegation target (rule '" + RULE + "')");
        world.raw(DelegationInterface.INSPECT_PROCESS, "{\"apiVersion\":1,\"pid\":" + self + "}")
                .assertNotAuthorized("batond itself is never a delegation target (rule '" + RULE + "')");
    }

    @Test
    void aThreadOfARootProcessSlippedIntoTheLaunchersOwnVmIsRefusedBeforeAnythingChanges() {
        int foreign = rootVm.tid("CPU 0/KVM");
        int own = world.tid("CPU 0/KVM");
        // The target (the launcher's VM) is authorized; the foreign tid is caught when every tid is pinned and its
        // Tgid checked, before the first change: the launcher's own vCPU, listed first, is not touched either.
        world.raw(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":["
                        + own + "," + foreign + "],\"policy\":\"fifo\",\"priority\":1}")
                .assertInvalidParameter("tids")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids include thread " + foreign
                        + ", which belongs to pid " + rootVm.pid() + ", not to pid " + world.vmPid());
        List<JsonNode> records = world.audit.since(mark);
        assertEquals(List.of("allow", "result"), records.stream().map(r -> r.path("event").asText()).toList());
        // the SPI's kind: local-root refused the request (batond replies InvalidParameter for it)
        assertEquals("InvalidRequest", records.get(1).path("error").path("kind").asText());
    }

    @Test
    void aThreadOfARootProcessCannotBeMovedIntoTheLaunchersCgroup() {
        int foreign = rootVm.tid("worker");
        world.raw(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":["
                        + world.tid("worker") + "," + foreign + "],\"cgroup\":\"housekeeping\"}")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids include thread " + foreign
                        + ", which belongs to pid " + rootVm.pid() + ", not to pid " + world.vmPid());
    }

    @Test
    void aRootProcessWithATidOfTheLaunchersVmIsStillTheRootProcess() {
        world.raw(DelegationInterface.SET_SCHEDULER, sched(rootVm.pid(), world.tid("CPU 0/KVM")))
                .assertNotAuthorized(notDescendant(rootVm.pid()));
    }

    @Test
    void aThreadIdPassedAsThePidIsNoSuchProcess() {
        int vcpu = world.tid("CPU 1/KVM"); // a thread of the launcher's VM, not a thread-group leader
        world.raw(DelegationInterface.SET_SCHEDULER, sched(vcpu, vcpu))
                .assertError(Replies.NO_SUCH_PROCESS, "pid", Integer.toString(vcpu))
                .assertError(Replies.NO_SUCH_PROCESS, "message", "no such process " + vcpu
                        + ": it is a thread id, not a process id");
        assertEquals("deny", lastRecord().path("event").asText());
    }

    Stream<Arguments> pidsThatAreNoProcess() {
        return Stream.of(Arguments.of(4194305, "4194305"),
                Arguments.of(Integer.MAX_VALUE, Integer.toString(Integer.MAX_VALUE)));
    }

    @ParameterizedTest(name = "pid {0}")
    @MethodSource("pidsThatAreNoProcess")
    void aPidThatNamesNoProcessIsNoSuchProcess(int pid, String named) {
        world.raw(DelegationInterface.SET_SCHEDULER, sched(pid, world.tid("CPU 0/KVM")))
                .assertError(Replies.NO_SUCH_PROCESS, "pid", named);
    }

    @ParameterizedTest(name = "pid {0}")
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void aPidThatCannotNameAProcessIsInvalidParameter(int pid) {
        // pid 0 would mean "the caller" to sched_setscheduler and prlimit, i.e. batond itself: refused before any
        // lookup, and never pinned.
        world.raw(DelegationInterface.SET_SCHEDULER, sched(pid, world.tid("CPU 0/KVM")))
                .assertInvalidParameter("pid")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: pid must be > 0 (got " + pid + ")");
        assertEquals("invalid", lastRecord().path("event").asText());
    }

    @Test
    void tidZeroWhichTheKernelReadsAsTheCallingThreadIsInvalid() {
        // sched_setscheduler(0, ...) changes the calling thread: a batond worker. It must never get that far.
        world.raw(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + world.vmPid()
                        + ",\"tids\":[0],\"policy\":\"fifo\",\"priority\":1}")
                .assertInvalidParameter("tids")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids must all be > 0 (got 0)");
        world.raw(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + world.vmPid()
                        + ",\"tids\":[-1],\"policy\":\"fifo\",\"priority\":1}")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids must all be > 0 (got -1)");
    }

    @Test
    void aProcessWhoseNameForgesAParentIsJudgedByItsRealParent() throws Exception {
        // A process chooses its own name, and /proc/PID/stat shows it in parentheses before the real fields. This
        // uid-65534 shell (a child of the test JVM, not of the launcher) names itself "x) S <launcher pid> ": a parser
        // that stops at the first ')' reads the launcher as its parent. batond must read its real parent.
        String forged = "x) S " + world.launcher.pid() + " ";
        Process shell = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "/bin/sh", "-c", "printf '%s' \"$1\" > /proc/$$/comm && echo named && read x",
                "sh", forged).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(shell);
        assertEquals("named", new java.io.BufferedReader(new java.io.InputStreamReader(shell.getInputStream()))
                .readLine());
        int pid = (int) shell.pid();
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        assertTrue(stat.startsWith(pid + " (" + forged + ") "), "the forged name is not in place: " + stat);
        unchanged.process(pid);
        world.raw(DelegationInterface.SET_SCHEDULER, sched(pid, pid)).assertNotAuthorized(notDescendant(pid));
    }

    @Test
    void aCallNamingItsTargetByAStartTimeIsRefusedIfThePidNowBelongsToAnotherProcess() {
        // What a launcher that knows its VM's start time gets if the VM has died and its pid was reused: the pid's
        // current holder has another start time, so it is not the process the call means.
        long startTime = ProcFs.stat(world.vmPid()).startTime();
        int vcpu = world.tid("CPU 0/KVM");
        String call = "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":[" + vcpu
                + "],\"policy\":\"fifo\",\"priority\":1,\"startTime\":" + (startTime + 1) + "}";
        world.raw(DelegationInterface.SET_SCHEDULER, call).assertError(Replies.NO_SUCH_PROCESS, "message", "process "
                + world.vmPid() + " was replaced: the caller means the process started at tick " + (startTime + 1)
                + ", but pid " + world.vmPid() + " now belongs to one started at tick " + startTime
                + " (the first exited and its pid was reused)");
        assertEquals("deny", lastRecord().path("event").asText());
    }

    @Test
    void aTargetThatExitsWhileCallsAreInFlightIsNeverMistakenForAnother() {
        // 300 pipelined calls for the peer's child; once they are written the peer kills and reaps the child, while
        // batond is still answering them. Each answer is exact for the moment it was judged: applied (the child was
        // alive and the peer's), NoSuchProcess (it was gone), or NotAuthorized (it was being reparented).
        try (HostilePeerProcess peer = HostilePeerProcess.start(staged, world.batond.socket())) {
            int child = peer.spawn("child", "/bin/sleep", "600");
            List<String> replies = race(peer, "child", child, 300, Optional::empty);
            assertEveryReplyIsHarmless(replies, child, peer.pid());
        }
    }

    @Test
    void callsInFlightForAPidThatIsRecycledAreJudgedAgainstTheNewRootOwnedProcess() {
        // A loop that recycles pids under requests in flight, made deterministic: the peer pipelines calls for its
        // child behind a first call that batond is made to hold before it judges anything (see BatondThreads); the
        // peer kills and reaps the child, and the kernel hands the child's pid to a new root-owned process. Every
        // queued call is then judged against the process that has the pid now, and refused. (A call already
        // authorized when the pid changes hands: TestHostileRegressions.w2_aPidRecycledBetweenAuthorizationAndAction...)
        Object auditLog = DaemonWorld.auditLogOf(world.batond);
        int recycled = 0;
        try (HostilePeerProcess peer = HostilePeerProcess.start(staged, world.batond.socket())) {
            for (int i = 0; i < 5; i++) {
                int child = peer.spawn("child" + i, "/bin/sleep", "600");
                Process newcomer = null;
                List<String> replies;
                try (BatondThreads.Freeze freeze = new BatondThreads.Freeze(auditLog)) {
                    assertEquals("HEAD", peer.send("head " + call(DelegationInterface.INSPECT_PROCESS,
                            "{\"apiVersion\":1,\"pid\":" + child + ",\"hold\":1}")));
                    String frame = call(DelegationInterface.SET_SCHEDULER, sched(child, child));
                    assertEquals("REAPED " + child, peer.send("race 50 child" + i + " " + frame));
                    BatondThreads.await(() -> BatondThreads.waitingForTheAudit() == 1, "the first call is held");
                    Optional<Process> root = Processes.rootSleeperWithPid(child);
                    if (root.isPresent()) {
                        newcomer = root.get();
                        started.add(newcomer);
                        unchanged.process(child);
                    }
                }
                replies = collect(peer);
                assertEquals(51, replies.size(), "every call is answered: " + replies);
                Answer.ofReply(parse(replies.get(0))).assertInvalidParameter("hold");
                for (String reply : replies.subList(1, replies.size())) {
                    if (newcomer != null) {
                        Answer.ofReply(parse(reply)).assertNotAuthorized("pid " + child + " is not the caller (pid "
                                + peer.pid() + ") or one of its descendants (rule '" + RULE + "')");
                    } else {
                        Answer.ofReply(parse(reply)).assertError(Replies.NO_SUCH_PROCESS, "pid", Integer.toString(child));
                    }
                }
                if (newcomer != null) {
                    recycled++;
                    assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(child).policy());
                }
            }
        }
        assertTrue(recycled > 0, "no pid could be recycled with ns_last_pid, so this proved nothing");
    }

    private static JsonNode parse(String text) {
        try {
            return Replies.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the peer pipeline {@code count} SetScheduler FIFO calls for {@code child}, kill and reap it once they are
     * written, then (after {@code recycle} ran) collect every reply.
     */
    private List<String> race(HostilePeerProcess peer, String name, int child, int count,
                              Supplier<Optional<Process>> recycle) {
        String frame = call(DelegationInterface.SET_SCHEDULER, sched(child, child));
        assertEquals("REAPED " + child, peer.send("race " + count + " " + name + " " + frame));
        recycle.get();
        return collect(peer);
    }

    private static List<String> collect(HostilePeerProcess peer) {
        peer.println("go");
        List<String> replies = new ArrayList<>();
        for (String line = peer.readLine(); !line.startsWith("END "); line = peer.readLine()) {
            replies.add(line.substring(2));
        }
        return replies;
    }

    private void assertEveryReplyIsHarmless(List<String> replies, int child, int peerPid) {
        assertTrue(!replies.isEmpty(), "no reply at all");
        for (String text : replies) {
            Answer answer = Answer.ofReply(parse(text));
            if (answer.error() == null) {
                // applied while the child was still the peer's own child
                assertEquals(child, answer.parameters().path("pid").asInt(), text);
                assertEquals(child, answer.parameters().path("threads").get(0).path("tid").asInt(), text);
            } else if (answer.error().equals(Replies.NO_SUCH_PROCESS)) {
                assertEquals(child, answer.parameters().path("pid").asInt(), text);
            } else if (answer.error().equals(Replies.NOT_AUTHORIZED)) {
                String reason = answer.parameters().path("reason").asText();
                assertTrue(reason.equals("pid " + child + " is not the caller (pid " + peerPid + ") or one of its"
                        + " descendants (rule '" + RULE + "')") || reason.equals("the process tree of pid " + child
                        + " changed while it was checked (rule '" + RULE + "')"), text);
            } else {
                fail("unexpected answer " + text);
            }
        }
    }

    private static int firstKernelThreadAbove(int pid) {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToInt(Integer::parseInt).filter(p -> p > pid).sorted()
                    .filter(p -> {
                        try {
                            return ProcFs.stat(p).isKernelThread();
                        } catch (RuntimeException gone) {
                            return false;
                        }
                    }).findFirst().orElseThrow(() -> new AssertionError("no kernel thread besides kthreadd"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
