package dev.baton.delegation;

import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HookRequest;
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

import java.util.List;
import java.util.OptionalLong;

/**
 * Converts between SPI records and wire records, both ways, so batond and remote-handler cannot disagree on a
 * field. Converting wire to SPI runs the SPI's own validation, which throws {@link InvalidRequestException}.
 */
public final class WireMapping {
    private WireMapping() {}

    // the target's start time, optional on the wire

    private static Long startTime(HookRequest request) {
        return request.startTime().isPresent() ? request.startTime().getAsLong() : null;
    }

    private static OptionalLong startTime(Long startTime) {
        return startTime == null ? OptionalLong.empty() : OptionalLong.of(startTime);
    }

    // memlock

    public static Wire.SetMaxMemLockParams params(int apiVersion, MemlockRequest request) {
        boolean unlimited = request.limit().isUnlimited();
        return new Wire.SetMaxMemLockParams(apiVersion, request.pid(), unlimited ? null : request.limit().bytes(),
                unlimited ? Boolean.TRUE : null, request.onlyRaise(), startTime(request));
    }

    public static MemlockRequest request(Wire.SetMaxMemLockParams params) {
        boolean unlimited = Boolean.TRUE.equals(params.unlimited());
        if (unlimited == (params.bytes() != null)) {
            throw new InvalidRequestException("bytes", "or unlimited must be given, and not both");
        }
        if (!unlimited && params.bytes() < 0) {
            // The SPI spells RLIM_INFINITY as -1; the wire does not, so that "unlimited" is always asked for by name
            // and a policy's allowUnlimited can never be bypassed with a number.
            throw new InvalidRequestException("bytes", "must be >= 0 (got " + params.bytes() + "); ask for no limit"
                    + " with unlimited: true");
        }
        MemlockLimit limit = unlimited ? MemlockLimit.UNLIMITED : MemlockLimit.ofBytes(params.bytes());
        return new MemlockRequest(params.pid(), limit, params.onlyRaise() == null || params.onlyRaise(),
                startTime(params.startTime()));
    }

    public static Wire.SetMaxMemLockReply reply(MemlockResult result) {
        return new Wire.SetMaxMemLockReply(result.pid(), limits(result.before()), limits(result.after()),
                result.changed());
    }

    public static MemlockResult result(Wire.SetMaxMemLockReply reply) {
        return new MemlockResult(reply.pid(), limits(reply.before()), limits(reply.after()), reply.changed());
    }

    public static Wire.Limits limits(MemlockLimits limits) {
        return new Wire.Limits(limit(limits.soft()), limit(limits.hard()));
    }

    public static MemlockLimits limits(Wire.Limits limits) {
        return new MemlockLimits(limit(limits.soft()), limit(limits.hard()));
    }

    private static Wire.Limit limit(MemlockLimit limit) {
        return new Wire.Limit(limit.isUnlimited() ? 0 : limit.bytes(), limit.isUnlimited());
    }

    private static MemlockLimit limit(Wire.Limit limit) {
        return limit.unlimited() ? MemlockLimit.UNLIMITED : MemlockLimit.ofBytes(limit.bytes());
    }

    // scheduler

    public static Wire.SetSchedulerParams params(int apiVersion, SchedulerRequest request) {
        return new Wire.SetSchedulerParams(apiVersion, request.pid(), request.tids(), request.policy().id(),
                request.priority(), request.cpus().isEmpty() ? null : request.cpus(), request.allOrNothing(),
                startTime(request));
    }

    public static SchedulerRequest request(Wire.SetSchedulerParams params) {
        // resetOnFork is not on the wire: batond decides it (it sets it on every thread it makes real-time).
        return new SchedulerRequest(params.pid(), params.tids(), SchedPolicy.parse(params.policy()), params.priority(),
                params.cpus() == null ? List.of() : params.cpus(), Boolean.TRUE.equals(params.allOrNothing()), false,
                startTime(params.startTime()));
    }

    public static Wire.SetSchedulerReply reply(SchedulerResult result) {
        return new Wire.SetSchedulerReply(result.pid(), result.threads().stream()
                .map(t -> new Wire.ThreadResult(t.tid(), state(t.before()), state(t.after()), t.outcome().name(),
                        t.error()))
                .toList());
    }

    public static SchedulerResult result(Wire.SetSchedulerReply reply) {
        return new SchedulerResult(reply.pid(), reply.threads().stream()
                .map(t -> new ThreadSchedResult(t.tid(), state(t.before()), state(t.after()),
                        ThreadOutcome.valueOf(t.outcome()), t.error()))
                .toList());
    }

    private static Wire.ThreadState state(SchedState state) {
        return new Wire.ThreadState(state.policy().id(), state.priority(), state.resetOnFork(), state.cpus());
    }

    private static SchedState state(Wire.ThreadState state) {
        return new SchedState(SchedPolicy.parse(state.policy()), state.priority(), state.resetOnFork(), state.cpus());
    }

    // housekeeping

    public static Wire.MoveThreadsParams params(int apiVersion, HousekeepingRequest request) {
        return new Wire.MoveThreadsParams(apiVersion, request.pid(), request.tids(), request.cgroup(),
                request.cpus().isEmpty() ? null : request.cpus(), startTime(request));
    }

    public static HousekeepingRequest request(Wire.MoveThreadsParams params) {
        return new HousekeepingRequest(params.pid(), params.tids(), params.cgroup(),
                params.cpus() == null ? List.of() : params.cpus(), startTime(params.startTime()));
    }

    public static Wire.MoveThreadsReply reply(HousekeepingResult result) {
        return new Wire.MoveThreadsReply(result.pid(), result.layout().name(), result.cgroupPath(), result.created(),
                result.moved());
    }

    public static HousekeepingResult result(Wire.MoveThreadsReply reply) {
        return new HousekeepingResult(reply.pid(), CgroupLayout.valueOf(reply.layout()), reply.cgroupPath(),
                reply.created(), reply.moved());
    }

    // inspect

    public static Wire.InspectProcessParams params(int apiVersion, InspectRequest request) {
        return new Wire.InspectProcessParams(apiVersion, request.pid(), startTime(request));
    }

    public static InspectRequest request(Wire.InspectProcessParams params) {
        return new InspectRequest(params.pid(), startTime(params.startTime()));
    }

    public static Wire.InspectProcessReply reply(InspectResult r) {
        return new Wire.InspectProcessReply(r.pid(), r.exe(), r.uid(), r.euid(), r.gid(), r.egid(), r.ppid(),
                r.startTime(), r.state(), r.cgroups(), limits(r.memlock()));
    }

    public static InspectResult result(Wire.InspectProcessReply r) {
        return new InspectResult(r.pid(), r.exe(), r.uid(), r.euid(), r.gid(), r.egid(), r.ppid(), r.startTime(),
                r.state(), r.cgroups(), limits(r.memlock()));
    }
}
