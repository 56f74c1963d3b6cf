package dev.baton.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Outcome;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadSchedResult;

import java.io.PrintWriter;

/** Prints an outcome as "before -> after" lines, or as one JSON object with --json. */
final class OutcomePrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OutcomePrinter() {}

    static void print(PrintWriter out, Outcome<?> outcome, boolean json) {
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("hook", outcome.hook());
            node.put("backend", outcome.backend());
            node.put("route", outcome.reason().name());
            node.put("verification", outcome.verification().name());
            node.put("elapsedMicros", outcome.elapsed().toNanos() / 1000);
            node.set("result", JSON.valueToTree(outcome.result()));
            out.println(node.toPrettyString());
            return;
        }
        String via = " via " + outcome.backend() + " (" + outcome.reason().name().toLowerCase().replace('_', ' ') + ")";
        if (outcome.result() instanceof MemlockResult m) {
            out.println("memlock pid " + m.pid() + ": " + m.before() + " -> " + m.after()
                    + (m.changed() ? "" : " (unchanged: already covered)") + via);
        } else if (outcome.result() instanceof SchedulerResult s) {
            out.println("scheduler pid " + s.pid() + via + ":");
            for (ThreadSchedResult t : s.threads()) {
                out.println("  thread " + t.tid() + ": " + t.before() + " -> " + t.after() + "  " + t.outcome()
                        + t.errorMessage().map(e -> ": " + e).orElse(""));
            }
        } else if (outcome.result() instanceof HousekeepingResult h) {
            out.println("housekeeping pid " + h.pid() + ": threads " + h.moved() + " -> " + h.cgroupPath() + " ("
                    + h.layout() + (h.created() ? ", created" : ", existed") + ")" + via);
        } else if (outcome.result() instanceof InspectResult i) {
            out.println("inspect pid " + i.pid() + via + ":");
            out.println("  exe        " + i.exe());
            out.println("  uid/euid   " + i.uid() + "/" + i.euid() + "   gid/egid " + i.gid() + "/" + i.egid());
            out.println("  ppid       " + i.ppid() + "   state " + i.state() + "   start time " + i.startTime());
            out.println("  memlock    " + i.memlock());
            i.cgroups().forEach(line -> out.println("  cgroup     " + line));
        }
        out.println("verification: " + outcome.verification().name().toLowerCase());
    }

    static void printError(PrintWriter err, RuntimeException e, boolean json) {
        if (json) {
            ObjectNode node = JSON.createObjectNode();
            node.put("error", e instanceof BatonException b ? b.kind() : e.getClass().getSimpleName());
            node.put("message", e.getMessage());
            err.println(node.toPrettyString());
        } else {
            err.println("baton: " + e.getMessage());
        }
    }
}
