package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One thread's part of a scheduler call.
 *
 * @param after the state afterwards; equal to {@code before} when the thread failed
 * @param error what went wrong, for {@link ThreadOutcome#FAILED}; null otherwise
 */
@Unstable
public record ThreadSchedResult(int tid, SchedState before, SchedState after, ThreadOutcome outcome, String error) {
    public ThreadSchedResult {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        requireNonNull(outcome, "outcome is null");
        if ((outcome == ThreadOutcome.FAILED) != (error != null)) {
            throw new IllegalArgumentException("an error message goes with FAILED and only with FAILED");
        }
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }
}
