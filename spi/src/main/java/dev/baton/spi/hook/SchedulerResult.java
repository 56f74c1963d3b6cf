package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;

/** Per-thread results, in the order of the request's tids. */
@Unstable
public record SchedulerResult(int pid, List<ThreadSchedResult> threads) implements HookResult {
    public SchedulerResult {
        threads = List.copyOf(threads);
    }

    /** True if no thread failed. */
    public boolean succeeded() {
        return threads.stream().noneMatch(t -> t.outcome() == ThreadOutcome.FAILED);
    }
}
