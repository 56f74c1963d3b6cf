package dev.baton.plugins.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.Wire;
import dev.baton.delegation.WireErrors;
import dev.baton.delegation.WireMapping;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import dev.baton.varlink.VarlinkCall;
import dev.baton.varlink.VarlinkException;
import dev.baton.varlink.VarlinkInterface;
import dev.baton.varlink.VarlinkReplier;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for batond's {@code dev.baton.delegation} service: it binds parameters as strictly as the real one,
 * answers canned results derived from the request, and records every call it received, in order. Tests steer it
 * to refuse versions, fail with a given error, drop a connection, or hold calls so several run at once.
 */
final class TestingDelegationService {
    /** One call as the service received it: the short method name and the raw parameters. */
    record ReceivedCall(String method, ObjectNode parameters) {}

    /** What Negotiate does when the client shares no version with the daemon. */
    enum NoCommonVersion {
        /** Replies anyway, listing its versions, and leaves the refusal to the client. */
        REPLY,
        /** Answers ApiVersionMismatch. */
        REFUSE
    }

    static final MemlockLimits MEMLOCK_BEFORE = MemlockLimits.both(MemlockLimit.ofBytes(64 * 1024));
    static final SchedState SCHED_BEFORE = new SchedState(SchedPolicy.OTHER, 0, false, List.of(0, 1));

    private final List<ReceivedCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, VarlinkException> errors = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> replies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Set<Integer> daemonVersions = Set.of(1);
    private volatile Set<Integer> callVersions = Set.of(1);
    private volatile NoCommonVersion noCommonVersion = NoCommonVersion.REPLY;
    private volatile CountDownLatch gathering = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /** The versions Negotiate announces and calls accept. */
    TestingDelegationService implementing(Integer... versions) {
        daemonVersions = Set.of(versions);
        callVersions = Set.of(versions);
        return this;
    }

    /** Calls accept only these versions, whatever Negotiate announced (a daemon that contradicts itself). */
    TestingDelegationService acceptingCallsWith(Integer... versions) {
        callVersions = Set.of(versions);
        return this;
    }

    TestingDelegationService whenNoCommonVersion(NoCommonVersion behaviour) {
        noCommonVersion = behaviour;
        return this;
    }

    /** Every call of {@code method} fails with batond's varlink error for {@code failure}. */
    TestingDelegationService failing(String method, BatonException failure) {
        return failing(method, WireErrors.toVarlink(failure));
    }

    TestingDelegationService failing(String method, VarlinkException error) {
        errors.put(method, error);
        return this;
    }

    /** Every call of {@code method} gets {@code reply} instead of the canned result. */
    TestingDelegationService replying(String method, ObjectNode reply) {
        replies.put(method, reply);
        return this;
    }

    /** The next {@code times} calls of {@code method} close the connection instead of replying. */
    TestingDelegationService droppingConnection(String method, int times) {
        drops.put(method, new AtomicInteger(times));
        return this;
    }

    /** Hook calls wait until {@code count} of them run at the same time, which proves they do not queue. */
    TestingDelegationService gatheringCalls(int count) {
        gathering = new CountDownLatch(count);
        return this;
    }

    /** Hook calls wait, without replying, until {@link #releaseAll()}. */
    TestingDelegationService holdingCalls() {
        release = new CountDownLatch(1);
        return this;
    }

    void releaseAll() {
        release.countDown();
    }

    List<ReceivedCall> calls() {
        return List.copyOf(calls);
    }

    List<String> methods() {
        return calls.stream().map(ReceivedCall::method).toList();
    }

    long count(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).count();
    }

    int inFlight() {
        return inFlight.get();
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    VarlinkInterface build() {
        return VarlinkInterface.builder(DelegationInterface.IDL)
                .method("Negotiate", this::negotiate)
                .method("SetMaxMemLock", (call, replier) -> hook(call, replier, () -> memlock(call)))
                .method("SetScheduler", (call, replier) -> hook(call, replier, () -> scheduler(call)))
                .method("MoveThreads", (call, replier) -> hook(call, replier, () -> housekeeping(call)))
                .method("InspectProcess", (call, replier) -> hook(call, replier, () -> inspect(call)))
                .build();
    }

    private void negotiate(VarlinkCall call, VarlinkReplier replier) throws VarlinkException {
        receive(call);
        Wire.NegotiateParams params = call.parameters(Wire.NegotiateParams.class);
        Set<Integer> daemon = daemonVersions;
        TreeSet<Integer> common = new TreeSet<>(params.clientVersions());
        common.retainAll(daemon);
        if (common.isEmpty() && noCommonVersion == NoCommonVersion.REFUSE) {
            throw WireErrors.toVarlink(UnsupportedApiVersionException.of("batond",
                    params.clientVersions().stream().max(Integer::compare).orElse(0), daemon));
        }
        int picked = common.isEmpty() ? new TreeSet<>(daemon).last() : common.last();
        replier.reply(new Wire.NegotiateReply(picked, List.copyOf(new TreeSet<>(daemon)),
                List.of("memlock", "scheduler", "housekeeping", "inspect"), "testing-batond"));
    }

    @FunctionalInterface
    private interface CannedReply {
        Record answer() throws VarlinkException;
    }

    private void hook(VarlinkCall call, VarlinkReplier replier, CannedReply canned) throws VarlinkException {
        receive(call);
        int running = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(running, Math::max);
        try {
            AtomicInteger drop = drops.get(call.methodName());
            if (drop != null && drop.getAndDecrement() > 0) {
                // The varlink server closes the connection when a handler throws anything but VarlinkException:
                // to the client this is batond dying in the middle of a call.
                throw new IllegalStateException("testing: dropping the connection during " + call.methodName());
            }
            int version = call.parameters().path("apiVersion").asInt();
            if (!callVersions.contains(version)) {
                throw WireErrors.toVarlink(UnsupportedApiVersionException.of("batond", version, callVersions));
            }
            VarlinkException error = errors.get(call.methodName());
            if (error != null) {
                throw error;
            }
            Record answer = canned.answer(); // binds strictly even when the reply is overridden
            awaitOthers();
            ObjectNode override = replies.get(call.methodName());
            if (override != null) {
                replier.reply(override);
            } else {
                replier.reply(answer);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void receive(VarlinkCall call) {
        calls.add(new ReceivedCall(call.methodName(), call.parameters().deepCopy()));
    }

    private void awaitOthers() throws VarlinkException {
        try {
            gathering.countDown();
            if (!gathering.await(30, TimeUnit.SECONDS)) {
                throw new VarlinkException("dev.baton.testing.CallsDidNotGather");
            }
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new VarlinkException("dev.baton.testing.NeverReleased");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server interrupts calls that outlive its shutdown grace
            throw new VarlinkException("dev.baton.testing.Interrupted");
        }
    }

    private static Record memlock(VarlinkCall call) throws VarlinkException {
        MemlockRequest request = WireMapping.request(call.parameters(Wire.SetMaxMemLockParams.class));
        return WireMapping.reply(new MemlockResult(request.pid(), MEMLOCK_BEFORE,
                MemlockLimits.both(request.limit()), true));
    }

    private static Record scheduler(VarlinkCall call) throws VarlinkException {
        SchedulerRequest request = WireMapping.request(call.parameters(Wire.SetSchedulerParams.class));
        List<Integer> cpus = request.cpus().isEmpty() ? SCHED_BEFORE.cpus() : request.cpus();
        SchedState after = new SchedState(request.policy(), request.priority(), false, cpus);
        return WireMapping.reply(new SchedulerResult(request.pid(), request.tids().stream()
                .map(tid -> new ThreadSchedResult(tid, SCHED_BEFORE, after, ThreadOutcome.APPLIED, null))
                .toList()));
    }

    private static Record housekeeping(VarlinkCall call) throws VarlinkException {
        HousekeepingRequest request = WireMapping.request(call.parameters(Wire.MoveThreadsParams.class));
        return WireMapping.reply(new HousekeepingResult(request.pid(), CgroupLayout.V2_THREADED,
                "/machine.slice/vm-1/" + request.cgroup(), true, request.tids()));
    }

    private static Record inspect(VarlinkCall call) throws VarlinkException {
        InspectRequest request = WireMapping.request(call.parameters(Wire.InspectProcessParams.class));
        return WireMapping.reply(inspectResult(request.pid()));
    }

    static InspectResult inspectResult(int pid) {
        return new InspectResult(pid, "/usr/bin/qemu-system-x86_64", 107, 107, 107, 107, 1, 123_456L, "S",
                List.of("3:cpuset:/machine.slice/vm-1", "0::/machine.slice/vm-1"), MEMLOCK_BEFORE);
    }
}
