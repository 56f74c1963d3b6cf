package dev.baton.samples.inhouse;

import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What this plugin may ask the site helper to do: the {@code allow} setting, a comma-separated list of
 * <ul>
 *   <li>{@code memlock}: set RLIMIT_MEMLOCK;</li>
 *   <li>{@code sched}: set any scheduling policy;</li>
 *   <li>{@code sched:<policy>}: set only that policy ({@code other}, {@code batch}, {@code idle}, {@code fifo},
 *       {@code rr}), e.g. {@code sched:fifo,memlock}.</li>
 * </ul>
 * plus a ceiling on real-time priorities ({@code maxPriority}). Everything else is refused before the helper runs.
 * The helper may well have a policy of its own; this list keeps the launcher's side from asking for more than the
 * deployment meant to delegate.
 */
final class AllowList {
    private final boolean memlock;
    private final Set<SchedPolicy> policies;
    private final int maxPriority;
    private final String text;

    private AllowList(boolean memlock, Set<SchedPolicy> policies, int maxPriority, String text) {
        this.memlock = memlock;
        this.policies = policies;
        this.maxPriority = maxPriority;
        this.text = text;
    }

    static AllowList parse(String setting, int maxPriority) {
        boolean memlock = false;
        Set<SchedPolicy> policies = EnumSet.noneOf(SchedPolicy.class);
        List<String> entries = new ArrayList<>();
        for (String raw : setting.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            entries.add(entry);
            if (entry.equals("memlock")) {
                memlock = true;
            } else if (entry.equals("sched")) {
                policies.addAll(EnumSet.allOf(SchedPolicy.class));
            } else if (entry.startsWith("sched:")) {
                policies.add(policy(entry.substring("sched:".length())));
            } else {
                throw new IllegalArgumentException("plugins.in-house.allow lists '" + entry + "', which is not memlock,"
                        + " sched or sched:<policy>");
            }
        }
        return new AllowList(memlock, Set.copyOf(policies), maxPriority, String.join(",", entries));
    }

    void checkScheduler(SchedulerRequest request) {
        if (!policies.contains(request.policy())) {
            throw new NotAuthorizedException("in-house forwards only " + this + "; " + request.policy()
                    + " for pid " + request.pid() + " is not allowed (plugins.in-house.allow)");
        }
        if (request.policy().isRealtime() && request.priority() > maxPriority) {
            throw new NotAuthorizedException("in-house forwards real-time priorities up to " + maxPriority
                    + " (plugins.in-house.maxPriority); pid " + request.pid() + " asked for " + request.policy()
                    + " priority " + request.priority());
        }
    }

    void checkMemlock(MemlockRequest request) {
        if (!memlock) {
            throw new NotAuthorizedException("in-house forwards only " + this + "; memlock for pid " + request.pid()
                    + " is not allowed (plugins.in-house.allow)");
        }
    }

    private static SchedPolicy policy(String id) {
        return SchedPolicy.fromId(id).orElseThrow(() -> new IllegalArgumentException(
                "plugins.in-house.allow lists 'sched:" + id + "', but policies are " + SchedPolicy.ids()));
    }

    /** "allow=sched:fifo,memlock maxPriority=2": the setting as written, for messages and the start-up log. */
    @Override
    public String toString() {
        return "allow=" + (text.isEmpty() ? "(nothing)" : text) + " maxPriority=" + maxPriority;
    }
}
