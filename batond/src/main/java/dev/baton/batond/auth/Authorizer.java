package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.batond.policy.HousekeepingRule;
import dev.baton.batond.policy.MemlockRule;
import dev.baton.batond.policy.Policy;
import dev.baton.batond.policy.SchedulerRule;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.PinnedProcess;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;

import java.util.Optional;

import static dev.baton.batond.auth.TargetCheck.deny;

/**
 * Applies the policy to one call, in three steps. {@link #ruleFor} finds the peer's rule; {@link #admit} checks the
 * hook's limits on the raw values, before they are used for anything else; {@link #grant} then takes the validated
 * request, pins and checks the target, counts the per-process limits under a lock, and returns what batond may
 * perform. Denies by default; every denial names the rule and the reason.
 */
public final class Authorizer {
    /** The start of the reason when no rule matches the caller. */
    public static final String NO_RULE = "no policy rule matches the caller";

    private final Policy policy;
    private final TargetCheck targets;
    private final TargetLimits limits;

    public Authorizer(Policy policy, Optional<CgroupMount> hierarchy) {
        this.policy = policy;
        this.targets = new TargetCheck(hierarchy);
        this.limits = new TargetLimits(hierarchy);
    }

    /**
     * The peer's rule: the first that matches it. Separate from {@link #admit} so that the caller knows, and audits,
     * which rule judged a call even when that rule then denies it.
     */
    public ClientRule ruleFor(Peer peer) {
        return policy.ruleFor(peer.uid(), peer.gid(), peer::cgroupPath).orElseThrow(
                () -> new NotAuthorizedException(NO_RULE + " (uid " + peer.uid() + ", gid " + peer.gid()
                        + ", cgroup " + Printable.of(peer.cgroupPath()) + ")"));
    }

    /** Checks the rule's limits for this hook on the raw values; throws if the rule does not allow them. */
    public void admit(ClientRule rule, AccessRequest request) {
        checkHookLimits(rule, request);
    }

    /**
     * Pins and checks the target of an admitted, validated request. The returned authorization holds the pin and
     * any limit lock until it is closed, after the call has acted.
     */
    @SuppressWarnings("unchecked") // every branch returns a request of the class it was given
    public <Q extends HookRequest> Authorization<Q> grant(Peer peer, ClientRule rule, Q request) {
        PinnedProcess target = targets.pinAllowed(peer, rule, request.pid(), request.startTime());
        try {
            Optional<LimitLocks.Held> lock = Optional.empty();
            HookRequest granted = request.withStartTime(target.startTime());
            if (granted instanceof SchedulerRequest s) {
                lock = limits.checkRealtimeThreads(rule, rule.scheduler().orElseThrow(), s, target);
                // The count above only holds if the threads made real-time cannot pass their policy on to the
                // threads they create; an unprivileged thread cannot clear this flag.
                granted = s.policy().isRealtime() ? s.withResetOnFork() : s;
            } else if (granted instanceof HousekeepingRequest h) {
                lock = limits.checkCgroupCount(rule, rule.housekeeping().orElseThrow(), h, target);
            }
            return new Authorization<>(rule, target, (Q) granted, lock);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** Limit locks in use right now. */
    public int limitLocksHeld() {
        return limits.heldLocks();
    }

    private static void checkHookLimits(ClientRule rule, AccessRequest request) {
        if (request instanceof AccessRequest.Memlock m) {
            memlock(rule, rule.memlock().orElseThrow(() -> hookDenied(rule, m)), m);
        } else if (request instanceof AccessRequest.Scheduler s) {
            scheduler(rule, rule.scheduler().orElseThrow(() -> hookDenied(rule, s)), s);
        } else if (request instanceof AccessRequest.Housekeeping h) {
            housekeeping(rule, rule.housekeeping().orElseThrow(() -> hookDenied(rule, h)), h);
        } else if (request instanceof AccessRequest.Inspect i && !rule.inspect()) {
            throw hookDenied(rule, i);
        }
    }

    private static NotAuthorizedException hookDenied(ClientRule rule, AccessRequest request) {
        return new NotAuthorizedException("rule '" + rule.name() + "' does not allow hook '" + request.hook() + "'");
    }

    private static void memlock(ClientRule rule, MemlockRule limit, AccessRequest.Memlock request) {
        // -1 is judged as "unlimited": the SPI spells RLIM_INFINITY that way, so a number must never be a way around
        // allowUnlimited: false (the wire mapping rejects every negative count too, after this check).
        boolean unlimited = request.unlimited()
                || (request.bytes() != null && request.bytes() == MemlockLimit.INFINITY);
        if (unlimited) {
            if (!limit.allowUnlimited()) {
                throw deny(rule, request.unlimited() ? "an unlimited memlock limit is not allowed" : "memlock bytes "
                        + request.bytes() + " would mean unlimited (RLIM_INFINITY), which is not allowed");
            }
            return;
        }
        if (request.bytes() != null && request.bytes() > limit.maxBytes()) {
            throw deny(rule, "memlock " + MemlockLimit.ofBytes(request.bytes()) + " exceeds the maximum "
                    + MemlockLimit.ofBytes(limit.maxBytes()));
        }
    }

    private static void scheduler(ClientRule rule, SchedulerRule limit, AccessRequest.Scheduler request) {
        Optional<SchedPolicy> policy = SchedPolicy.fromId(request.policy());
        if (policy.isEmpty() || !limit.policies().contains(policy.get())) {
            throw deny(rule, "scheduling policy '" + Printable.of(request.policy()) + "' is not allowed");
        }
        if (request.priority() > limit.maxPriority()) {
            throw deny(rule, "priority " + request.priority() + " exceeds the maximum " + limit.maxPriority());
        }
    }

    private static void housekeeping(ClientRule rule, HousekeepingRule limit, AccessRequest.Housekeeping request) {
        if (request.cgroup() == null || !limit.namePattern().matcher(request.cgroup()).matches()) {
            throw deny(rule, "cgroup name '" + Printable.of(request.cgroup()) + "' does not match namePattern '"
                    + limit.namePattern() + "'");
        }
    }
}
