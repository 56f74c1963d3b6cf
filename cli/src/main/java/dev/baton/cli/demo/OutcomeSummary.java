package dev.baton.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Outcome;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.stream.Collectors;

/**
 * One outcome as a table row: target, before and after, short enough for a terminal, and whether it succeeded.
 * A scheduler batch in which some threads failed does not throw, and core verifies the threads that did change;
 * such a row is "verified" for those threads but did not succeed, so {@code succeeded} is false and
 * {@code problem} names the failed threads.
 */
final class OutcomeSummary {
    private OutcomeSummary() {}

    static ObjectNode of(Outcome<?> outcome, ObjectNode row) {
        row.put("hook", outcome.hook());
        row.put("backend", outcome.backend());
        row.put("verification", outcome.verification().name().toLowerCase());
        row.put("succeeded", true);
        Object result = outcome.result();
        if (result instanceof MemlockResult m) {
            row.put("target", "pid " + m.pid());
            row.put("before", m.before().toString());
            row.put("after", m.after() + (m.changed() ? "" : " (unchanged)"));
        } else if (result instanceof SchedulerResult s) {
            row.put("target", "pid " + s.pid() + ", " + s.threads().size() + " thread(s)");
            row.put("before", distinct(s, true));
            row.put("after", distinct(s, false) + " (" + s.threads().stream().map(t -> t.outcome().name().toLowerCase())
                    .distinct().collect(Collectors.joining("/")) + ")");
            if (!s.succeeded()) {
                row.put("succeeded", false);
                row.put("problem", s.threads().stream().filter(t -> t.outcome() == ThreadOutcome.FAILED)
                        .map(t -> "thread " + t.tid() + ": " + t.error()).collect(Collectors.joining("; ")));
            }
        } else if (result instanceof HousekeepingResult h) {
            row.put("target", "pid " + h.pid() + ", " + h.moved().size() + " thread(s)");
            row.put("before", "parent cgroup");
            row.put("after", h.cgroupPath() + (h.created() ? " (created)" : " (existed)"));
        } else if (result instanceof InspectResult i) {
            row.put("target", "pid " + i.pid());
            row.put("before", "-");
            row.put("after", i.exe() + " uid " + i.uid() + " ppid " + i.ppid() + " state " + i.state());
        }
        return row;
    }

    private static String distinct(SchedulerResult result, boolean before) {
        return result.threads().stream().map(t -> shortState(t, before)).distinct().collect(Collectors.joining(", "));
    }

    private static String shortState(ThreadSchedResult thread, boolean before) {
        var state = before ? thread.before() : thread.after();
        return state.policy() + "/" + state.priority();
    }
}
