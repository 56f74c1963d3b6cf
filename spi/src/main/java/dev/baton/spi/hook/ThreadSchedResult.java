package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One thread's part of a scheduler call.
 *
 * @param after the state afterwards. For a {@link ThreadOutcome#FAILED} thread it is the state read again after the
 *              failure, which shows a half-applied change (policy set, affinity refused); it equals {@code before}
 *              only if nothing changed or the thread could not be read any more
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
