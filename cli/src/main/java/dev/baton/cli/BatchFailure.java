package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Outcome;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * A scheduler batch that partly failed. Core does not throw for it: the batch reports a result per thread, as
 * libvirt does, and the threads that succeeded stay changed. A command that exited 0 here would tell a script that
 * every thread is real-time when some are not, so {@code baton} exits {@link ExitCode#SOME_THREADS_FAILED} and
 * names each failed thread.
 */
record BatchFailure(int pid, int threads, List<ThreadSchedResult> failed) {
    static Optional<BatchFailure> of(Outcome<?> outcome) {
        if (!(outcome.result() instanceof SchedulerResult result) || result.succeeded()) {
            return Optional.empty();
        }
        List<ThreadSchedResult> failed = result.threads().stream()
                .filter(t -> t.outcome() == ThreadOutcome.FAILED).toList();
        return Optional.of(new BatchFailure(result.pid(), result.threads().size(), failed));
    }

    String summary() {
        int changed = threads - failed.size();
        return failed.size() + " of " + threads + " threads of pid " + pid + " failed; " + changed + " "
                + (changed == 1 ? "was" : "were") + " changed and stay" + (changed == 1 ? "s" : "")
                + " so (--all-or-nothing restores them instead)";
    }

    void print(PrintWriter err, boolean json) {
        if (json) {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("error", "SomeThreadsFailed");
            node.put("message", summary());
            ArrayNode threadsNode = node.putArray("failedThreads");
            failed.forEach(t -> threadsNode.addObject().put("tid", t.tid()).put("error", t.error()));
            err.println(node.toPrettyString());
            return;
        }
        err.println("baton: " + summary() + ":");
        failed.forEach(t -> err.println("baton:   thread " + t.tid() + ": " + t.error()));
    }
}
