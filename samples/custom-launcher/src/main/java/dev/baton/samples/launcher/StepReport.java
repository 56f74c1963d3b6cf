package dev.baton.samples.launcher;

import dev.baton.core.Outcome;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.SchedulerResult;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one launch step came to, and the line the launcher prints for it: where the call went and why, how core
 * checked it, and what changed; or the typed error.
 *
 * @param outcome present when the call returned
 * @param error   present when it threw
 */
record StepReport(String step, Optional<Outcome<?>> outcome, Optional<BatonException> error, String line) {
    StepReport {
        requireNonNull(step, "step is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(error, "error is null");
        requireNonNull(line, "line is null");
    }

    /** "scheduler: dry-run (CONFIGURED), PLANNED: ..." */
    static StepReport done(Outcome<?> outcome, String summary) {
        return new StepReport(outcome.hook(), Optional.of(outcome), Optional.empty(), outcome.hook() + ": "
                + outcome.backend() + " (" + outcome.reason() + "), " + outcome.verification() + ": " + summary);
    }

    /** "memlock: failed, PermissionDenied: ...": kind() is a stable name to branch on, the message is for people. */
    static StepReport failed(String step, BatonException error) {
        return new StepReport(step, Optional.empty(), Optional.of(error), step + ": failed, " + error.kind() + ": "
                + error.getMessage());
    }

    static StepReport skipped(String step, String why) {
        return new StepReport(step, Optional.empty(), Optional.empty(), step + ": skipped, " + why);
    }

    /**
     * False for an error, and also for a scheduler batch in which some thread failed: a batch reports per-thread
     * failures in its result instead of throwing, so a launcher has to look.
     */
    boolean succeeded() {
        return error.isEmpty() && outcome.map(Outcome::result)
                .map(result -> !(result instanceof SchedulerResult batch) || batch.succeeded())
                .orElse(true);
    }
}
