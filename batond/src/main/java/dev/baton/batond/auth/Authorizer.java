package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.batond.policy.HousekeepingRule;
import dev.baton.batond.policy.MemlockRule;
import dev.baton.batond.policy.Policy;
import dev.baton.batond.policy.SchedulerRule;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.PinnedProcess;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.SchedPolicy;

import java.util.Optional;

import static dev.baton.batond.auth.TargetCheck.deny;

/**
 * Applies the policy to one call: find the peer's rule, check the hook's limits on the raw values, then pin and
 * check the target. Denies by default; every denial names the rule and the reason.
 */
public final class Authorizer {
    private final Policy policy;
    private final TargetCheck targets;
    private final TargetLimits limits;

    public Authorizer(Policy policy, Optional<CgroupMount> hierarchy) {
        this.policy = policy;
        this.targets = new TargetCheck(hierarchy);
        this.limits = new TargetLimits(hierarchy);
    }

    public Authorization authorize(Peer peer, AccessRequest request) {
        ClientRule rule = policy.ruleFor(peer.uid(), peer.gid(), peer::cgroupPath).orElseThrow(
                () -> new NotAuthorizedException("no policy rule matches the caller (uid " + peer.uid() + ", gid "
                        + peer.gid() + ", cgroup " + peer.cgroupPath() + ")"));
        checkHookLimits(rule, request);
        PinnedProcess target = targets.pinAllowed(peer, rule, request.pid());
        try {
            if (request instanceof AccessRequest.Scheduler s) {
                limits.checkRealtimeThreads(rule, rule.scheduler().orElseThrow(), s, target);
            } else if (request instanceof AccessRequest.Housekeeping h) {
                limits.checkCgroupCount(rule, rule.housekeeping().orElseThrow(), h, target);
            }
            return new Authorization(rule, target);
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
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
        if (request.unlimited()) {
            if (!limit.allowUnlimited()) {
                throw deny(rule, "an unlimited memlock limit is not allowed");
            }
            return;
        }
        if (request.bytes() != null && limit.maxBytes() != null && request.bytes() > limit.maxBytes()) {
            throw deny(rule, "memlock " + printable(request.bytes()) + " exceeds the maximum "
                    + MemlockLimit.ofBytes(limit.maxBytes()));
        }
    }

    private static void scheduler(ClientRule rule, SchedulerRule limit, AccessRequest.Scheduler request) {
        Optional<SchedPolicy> policy = java.util.Arrays.stream(SchedPolicy.values())
                .filter(p -> p.id().equals(request.policy())).findFirst();
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

    private static String printable(long bytes) {
        return bytes < 0 ? bytes + " bytes" : MemlockLimit.ofBytes(bytes).toString();
    }
}
