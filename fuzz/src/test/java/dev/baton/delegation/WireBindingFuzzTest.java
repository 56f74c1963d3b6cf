package dev.baton.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.CgroupName;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.varlink.FuzzAccess;
import dev.baton.varlink.VarlinkBinding;
import dev.baton.varlink.VarlinkErrors;
import dev.baton.varlink.VarlinkException;
import dev.baton.varlink.VarlinkProtocolException;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What batond does with the parameters of a delegation call before it acts (DelegationService.serve): bind them
 * strictly to the {@link Wire} record, then convert to the SPI request, which runs the SPI's validation.
 *
 * <p>The input is one varlink call message, as it arrives on the socket without its NUL; the parameters of every
 * well-formed call are bound to each of the parameter records, whatever the method, so that no input is wasted.
 *
 * <p>Property: binding fails only with {@code InvalidParameter}, conversion only with
 * {@link InvalidRequestException}; a request that passes both has pid &gt; 0, a non-empty list of distinct
 * positive tids, CPUs in range, a priority in its policy's range, a safe cgroup name and the start time it was
 * given (never negative), and performs the memlock limit the authorizer was shown.
 */
class WireBindingFuzzTest {

    @DictionaryFile(resourcePath = "delegation.dict")
    @FuzzTest(maxDuration = "5m")
    void bindAndValidate(byte[] input) {
        ObjectNode parameters;
        try {
            parameters = FuzzAccess.parseCall(input).parameters();
        } catch (VarlinkProtocolException e) {
            return; // the connection is closed before any binding: VarlinkFrameFuzzTest's business
        }
        bind(parameters, Wire.NegotiateParams.class, null, WireBindingFuzzTest::checkNegotiate);
        bind(parameters, Wire.VersionOnly.class, null, p -> { });
        bind(parameters, Wire.InspectProcessParams.class, WireMapping::request, WireBindingFuzzTest::checkInspect);
        bind(parameters, Wire.SetMaxMemLockParams.class, WireMapping::request, WireBindingFuzzTest::checkMemlock);
        bind(parameters, Wire.SetSchedulerParams.class, WireMapping::request, WireBindingFuzzTest::checkScheduler);
        bind(parameters, Wire.MoveThreadsParams.class, WireMapping::request, WireBindingFuzzTest::checkHousekeeping);
    }

    /** Binds, converts and checks; the two expected failures end it, anything else escapes as a finding. */
    private static <P extends Record, Q> void bind(ObjectNode parameters, Class<P> type, Function<P, Q> toRequest,
                                                   Consumer<Checked<P, Q>> check) {
        P params;
        try {
            // A copy: binding must not depend on, nor change, the tree other bindings see.
            params = VarlinkBinding.fromParameters(parameters.deepCopy(), type);
        } catch (VarlinkException e) {
            assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName(), "binding error");
            assertTrue(e.parameters().path("parameter").isTextual(), "InvalidParameter names no parameter");
            return;
        }
        assertNotNull(params);
        Q request = null;
        if (toRequest != null) {
            try {
                request = toRequest.apply(params);
            } catch (InvalidRequestException e) {
                assertNotNull(e.field(), "InvalidRequestException without a field");
                assertFalse(e.getMessage().isBlank(), "InvalidRequestException without a message");
                return;
            }
            assertNotNull(request);
        }
        check.accept(new Checked<>(params, request));
    }

    private record Checked<P, Q>(P params, Q request) {
    }

    private static void checkNegotiate(Checked<Wire.NegotiateParams, Object> c) {
        assertNotNull(c.params().clientVersions());
        c.params().clientVersions().forEach(v -> assertNotNull(v, "null client version"));
    }

    private static void checkInspect(Checked<Wire.InspectProcessParams, InspectRequest> c) {
        assertTrue(c.request().pid() > 0, "pid");
        assertEquals(c.params().pid(), c.request().pid());
        checkStartTime(c.params().startTime(), c.request());
    }

    private static void checkMemlock(Checked<Wire.SetMaxMemLockParams, MemlockRequest> c) {
        Wire.SetMaxMemLockParams params = c.params();
        MemlockRequest request = c.request();
        assertTrue(request.pid() > 0, "pid");
        assertEquals(params.pid(), request.pid());
        assertNotNull(request.limit());
        assertTrue(request.limit().isUnlimited() || request.limit().bytes() >= 0, "negative limit");
        assertEquals(params.onlyRaise() == null || params.onlyRaise(), request.onlyRaise(), "onlyRaise");
        checkStartTime(params.startTime(), request);
        // The authorizer checks AccessRequest.Memlock(pid, bytes, Boolean.TRUE.equals(unlimited)): the limit that
        // is performed must be the one it checked, or a rule with allowUnlimited: false can be bypassed.
        boolean askedUnlimited = Boolean.TRUE.equals(params.unlimited());
        assertEquals(askedUnlimited, request.limit().isUnlimited(),
                () -> "performed limit " + request.limit() + " for " + params + ", authorized as "
                        + (askedUnlimited ? "unlimited" : params.bytes() + " bytes"));
        if (!askedUnlimited) {
            assertEquals(params.bytes().longValue(), request.limit().bytes(), "bytes");
        }
    }

    private static void checkScheduler(Checked<Wire.SetSchedulerParams, SchedulerRequest> c) {
        SchedulerRequest request = c.request();
        assertTrue(request.pid() > 0, "pid");
        checkTids(request.tids());
        checkCpus(request.cpus());
        assertNotNull(request.policy(), "policy");
        if (request.policy().isRealtime()) {
            assertTrue(request.priority() >= SchedulerRequest.MIN_REALTIME_PRIORITY
                    && request.priority() <= SchedulerRequest.MAX_REALTIME_PRIORITY, "realtime priority");
        } else {
            assertEquals(0, request.priority(), "priority of a non-realtime policy");
        }
        // What the authorizer was shown (AccessRequest.Scheduler) is what is performed.
        assertEquals(c.params().pid(), request.pid());
        assertEquals(c.params().tids(), request.tids());
        assertEquals(c.params().priority(), request.priority());
        assertFalse(request.resetOnFork(), "resetOnFork is batond's to set, never the caller's");
        checkStartTime(c.params().startTime(), request);
    }

    private static void checkHousekeeping(Checked<Wire.MoveThreadsParams, HousekeepingRequest> c) {
        HousekeepingRequest request = c.request();
        assertTrue(request.pid() > 0, "pid");
        checkTids(request.tids());
        checkCpus(request.cpus());
        CgroupName.requireSafe(request.cgroup()); // throws if an unsafe name got through
        assertFalse(request.cgroup().contains("/") || request.cgroup().contains("."), "cgroup name");
        // The authorizer matched namePattern against the raw name: it must be the one that is used.
        assertEquals(c.params().cgroup(), request.cgroup());
        assertEquals(c.params().pid(), request.pid());
        assertEquals(c.params().tids(), request.tids());
        checkStartTime(c.params().startTime(), request);
    }

    /** The start time pins the target: it must be the one given, and a tick count is never negative. */
    private static void checkStartTime(Long given, HookRequest request) {
        assertEquals(given == null ? OptionalLong.empty() : OptionalLong.of(given), request.startTime(), "startTime");
        request.startTime().ifPresent(t -> assertTrue(t >= 0, "negative startTime " + t));
    }

    private static void checkTids(List<Integer> tids) {
        assertNotNull(tids);
        assertFalse(tids.isEmpty(), "no tids");
        Set<Integer> seen = new HashSet<>();
        for (Integer tid : tids) {
            assertNotNull(tid, "null tid");
            assertTrue(tid > 0, "tid " + tid);
            assertTrue(seen.add(tid), "tid " + tid + " twice");
        }
    }

    private static void checkCpus(List<Integer> cpus) {
        assertNotNull(cpus);
        int previous = -1;
        for (Integer cpu : cpus) {
            assertNotNull(cpu, "null cpu");
            assertTrue(cpu > previous && cpu <= 8191, "cpus " + cpus);
            previous = cpu;
        }
    }
}
