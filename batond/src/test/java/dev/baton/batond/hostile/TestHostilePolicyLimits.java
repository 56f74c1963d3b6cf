package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Requests beyond what the launcher's rule allows (maxPriority 10; policies fifo, rr, other; at most 6 real-time
 * threads per process; memlock at most 64 MiB, never unlimited; at most 2 child cgroups), sent raw by the
 * unprivileged launcher. Each is refused with the rule's reason, or with InvalidParameter where the value is not
 * even a valid request, and nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostilePolicyLimits {
    private static final String RULE = " (rule 'launchers')";

    private StagedClasspath staged;
    private LauncherWorld world;
    private Unchanged unchanged;
    private int mark;
    private final List<Path> extraCgroups = new ArrayList<>();
    private final Map<Integer, SchedState> madeRealtime = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
        world = LauncherWorld.start(staged, LauncherWorld.POLICY);
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
        if (staged != null) {
            staged.close();
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = world.watch();
        mark = world.audit.mark();
    }

    @AfterEach
    void nothingChangedAndStillServing() {
        try {
            unchanged.assertNothingChanged();
            world.assertServes();
            world.audit.records();
        } finally {
            // undo what the test itself (root) set up
            madeRealtime.forEach((tid, before) -> ThreadScheduling.set(world.vmPid(), tid, before.policy(),
                    before.priority(), before.resetOnFork()));
            madeRealtime.clear();
            extraCgroups.forEach(dev.baton.linux.KernelFiles::rmdir);
            extraCgroups.clear();
        }
    }

    private String sched(String policy, long priority, int... tids) {
        String list = java.util.Arrays.stream(tids).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":[" + list + "],\"policy\":\"" + policy
                + "\",\"priority\":" + priority + "}";
    }

    private List<String> events() {
        return world.audit.since(mark).stream().map(r -> r.path("event").asText()).toList();
    }

    static Stream<Arguments> schedulingBeyondTheRule() {
        return Stream.of(
                Arguments.of("fifo", 11L, "priority 11 exceeds the maximum 10"),
                Arguments.of("rr", 99L, "priority 99 exceeds the maximum 10"),
                Arguments.of("fifo", (long) Integer.MAX_VALUE, "priority 2147483647 exceeds the maximum 10"),
                Arguments.of("batch", 0L, "scheduling policy 'batch' is not allowed"),
                Arguments.of("idle", 0L, "scheduling policy 'idle' is not allowed"),
                Arguments.of("deadline", 0L, "scheduling policy 'deadline' is not allowed"),
                Arguments.of("FIFO", 1L, "scheduling policy 'FIFO' is not allowed"),
                Arguments.of("fifo ", 1L, "scheduling policy 'fifo ' is not allowed"),
                Arguments.of("", 1L, "scheduling policy '' is not allowed"));
    }

    @ParameterizedTest(name = "{0} priority {1}")
    @MethodSource("schedulingBeyondTheRule")
    void schedulingBeyondTheRuleIsNotAuthorized(String policy, long priority, String reason) {
        world.raw(DelegationInterface.SET_SCHEDULER, sched(policy, priority, world.tid("CPU 0/KVM")))
                .assertNotAuthorized(reason + RULE);
        assertEquals(List.of("deny"), events());
    }

    static Stream<Arguments> prioritiesThatAreNoPriority() {
        return Stream.of(
                Arguments.of("fifo", -1L, "invalid request: priority for SCHED_FIFO must be 1..99 (got -1)"),
                Arguments.of("fifo", (long) Integer.MIN_VALUE,
                        "invalid request: priority for SCHED_FIFO must be 1..99 (got -2147483648)"),
                Arguments.of("rr", 0L, "invalid request: priority for SCHED_RR must be 1..99 (got 0)"),
                Arguments.of("other", 5L, "invalid request: priority for SCHED_OTHER must be 0 (got 5)"));
    }

    @ParameterizedTest(name = "{0} priority {1}")
    @MethodSource("prioritiesThatAreNoPriority")
    void aPriorityBelowTheRangeIsInvalidParameter(String policy, long priority, String message) {
        // Below the maximum, so the rule admits it; the request itself is refused before anything is pinned.
        world.raw(DelegationInterface.SET_SCHEDULER, sched(policy, priority, world.tid("CPU 0/KVM")))
                .assertInvalidParameter("priority").assertError(Replies.INVALID_PARAMETER, "message", message);
        assertEquals(List.of("invalid"), events());
    }

    @Test
    void sevenRealtimeThreadsAtOnceAreNotAuthorized() {
        int[] tids = {world.tid("CPU 0/KVM"), world.tid("CPU 1/KVM"), world.tid("CPU 2/KVM"), world.tid("CPU 3/KVM"),
                world.tid("kvm-pit/42"), world.tid("worker"), world.tid("vhost-4242")};
        world.raw(DelegationInterface.SET_SCHEDULER, sched("fifo", 1, tids)).assertNotAuthorized("pid "
                + world.vmPid() + " would have 7 real-time threads, more than the maximum 6" + RULE);
        assertEquals(List.of("deny"), events());
    }

    @Test
    void realtimeThreadsSomeoneElseMadeCountToo() {
        // Six threads of the VM are already real-time (set here by root, as an earlier grant would have): one more is
        // over the limit, and asking for it again under a duplicate id is refused before it is even counted.
        String[] names = {"CPU 0/KVM", "CPU 1/KVM", "CPU 2/KVM", "CPU 3/KVM", "kvm-pit/42", "worker"};
        for (String name : names) {
            int tid = world.tid(name);
            madeRealtime.put(tid, ThreadScheduling.read(tid));
            ThreadScheduling.set(world.vmPid(), tid, SchedPolicy.FIFO, 1, false);
        }
        unchanged = world.watch(); // the baseline is now six real-time threads
        int seventh = world.tid("vhost-4242");
        world.raw(DelegationInterface.SET_SCHEDULER, sched("rr", 2, seventh)).assertNotAuthorized("pid "
                + world.vmPid() + " would have 7 real-time threads, more than the maximum 6" + RULE);
        world.raw(DelegationInterface.SET_SCHEDULER, sched("fifo", 1, seventh, seventh))
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids lists thread " + seventh
                        + " twice");
    }

    @Test
    void theSameThreadListedSevenTimesIsInvalidParameter() {
        int vcpu = world.tid("CPU 0/KVM");
        world.raw(DelegationInterface.SET_SCHEDULER, sched("fifo", 1, vcpu, vcpu, vcpu, vcpu, vcpu, vcpu, vcpu))
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: tids lists thread " + vcpu
                        + " twice");
    }

    static Stream<Arguments> memlockBeyondTheRule() {
        return Stream.of(
                Arguments.of("{\"bytes\":1073741824}", "memlock 1 GiB exceeds the maximum 64 MiB"),
                Arguments.of("{\"bytes\":67108865,\"onlyRaise\":false}", "memlock 67108865 bytes exceeds the maximum 64 MiB"),
                Arguments.of("{\"bytes\":9223372036854775807}", "memlock 9223372036854775807 bytes exceeds the maximum 64 MiB"),
                Arguments.of("{\"unlimited\":true}", "an unlimited memlock limit is not allowed"),
                Arguments.of("{\"unlimited\":true,\"bytes\":4096}", "an unlimited memlock limit is not allowed"));
    }

    @ParameterizedTest(name = "SetMaxMemLock {0}")
    @MethodSource("memlockBeyondTheRule")
    void memlockAboveTheCapIsNotAuthorized(String limit, String reason) {
        String parameters = "{\"apiVersion\":1,\"pid\":" + world.vmPid() + "," + limit.substring(1);
        world.raw(DelegationInterface.SET_MAX_MEMLOCK, parameters).assertNotAuthorized(reason + RULE);
        assertEquals(List.of("deny"), events());
    }

    @Test
    void memlockThatIsNoLimitAtAllIsInvalidParameter() {
        String pid = "{\"apiVersion\":1,\"pid\":" + world.vmPid();
        world.raw(DelegationInterface.SET_MAX_MEMLOCK, pid + ",\"bytes\":-2}")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: bytes must be >= 0 (got -2);"
                        + " ask for no limit with unlimited: true");
        world.raw(DelegationInterface.SET_MAX_MEMLOCK, pid + ",\"unlimited\":false}")
                .assertError(Replies.INVALID_PARAMETER, "message", "invalid request: bytes or unlimited must be"
                        + " given, and not both");
        world.raw(DelegationInterface.SET_MAX_MEMLOCK, pid + ",\"bytes\":4096.5}").assertInvalidParameter("bytes");
    }

    @Test
    void aThirdChildCgroupIsNotAuthorized() {
        // Two child cgroups already exist below the VM's pod (made here by root): a third is over the limit of 2.
        for (String name : List.of("existing-a", "existing-b")) {
            Path dir = world.pod.dir().resolve(name);
            assertEquals(0, dev.baton.linux.KernelFiles.mkdir(dir));
            extraCgroups.add(dir);
        }
        unchanged = world.watch();
        world.raw(DelegationInterface.MOVE_THREADS, "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":["
                        + world.tid("worker") + "],\"cgroup\":\"third\"}")
                .assertNotAuthorized("pid " + world.vmPid() + "'s cgroup would have 3 child cgroups, more than the"
                        + " maximum 2" + RULE);
        JsonNode deny = world.audit.since(mark).get(0);
        assertEquals("deny", deny.path("event").asText());
        assertEquals("third", deny.path("parameters").path("cgroup").asText());
    }

    @Test
    void aHookTheRuleLeavesOutIsNotAuthorizedForTheRootProbeEither() throws Exception {
        // The root-probe rule grants inspect only: uid 0 is no master key.
        try (RawConnection raw = new RawConnection(world.batond.socket())) {
            raw.sendFrame(Replies.call(DelegationInterface.SET_SCHEDULER, sched("fifo", 1, world.tid("CPU 0/KVM"))));
            Replies.Answer.ofReply(raw.readReply())
                    .assertNotAuthorized("rule 'root-probe' does not allow hook 'scheduler'");
            raw.sendFrame(Replies.call(DelegationInterface.SET_MAX_MEMLOCK, "{\"apiVersion\":1,\"pid\":"
                    + world.vmPid() + ",\"bytes\":4096,\"onlyRaise\":false}"));
            Replies.Answer.ofReply(raw.readReply())
                    .assertNotAuthorized("rule 'root-probe' does not allow hook 'memlock'");
        }
        assertEquals(List.of("deny", "deny"), events());
    }
}
