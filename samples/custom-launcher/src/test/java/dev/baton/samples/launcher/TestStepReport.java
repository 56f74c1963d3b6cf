package dev.baton.samples.launcher;

import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.core.routing.RouteReason;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as a failed step: a thrown error, and a scheduler batch that returned with failed threads. */
final class TestStepReport {
    private static final SchedState OTHER = new SchedState(SchedPolicy.OTHER, 0, false, List.of(0));
    private static final SchedState FIFO = new SchedState(SchedPolicy.FIFO, 1, false, List.of(0));

    @Test
    void aBatchWithAFailedThreadIsAFailedStepThoughNothingWasThrown() {
        StepReport report = StepReport.done(scheduler(
                new ThreadSchedResult(11, OTHER, FIFO, ThreadOutcome.APPLIED, null),
                new ThreadSchedResult(12, OTHER, OTHER, ThreadOutcome.FAILED, "no such process 12")), "summary");

        assertFalse(report.succeeded());
        assertEquals("scheduler: local-root (FALLBACK), VERIFIED: summary", report.line());
    }

    @Test
    void aBatchWhoseThreadsAllSucceededIsASucceededStep() {
        assertTrue(StepReport.done(scheduler(new ThreadSchedResult(11, OTHER, FIFO, ThreadOutcome.APPLIED, null),
                new ThreadSchedResult(12, FIFO, FIFO, ThreadOutcome.UNCHANGED, null)), "summary").succeeded());
    }

    @Test
    void aThrownErrorIsReportedWithItsKind() {
        StepReport report = StepReport.failed("inspect", new NoSuchProcessException(4242));

        assertFalse(report.succeeded());
        assertEquals("inspect: failed, NoSuchProcess: no such process 4242", report.line());
    }

    private static Outcome<SchedulerResult> scheduler(ThreadSchedResult... threads) {
        return new Outcome<>("scheduler", "local-root", RouteReason.FALLBACK, new SchedulerResult(42, List.of(threads)),
                Verification.VERIFIED, Duration.ofMillis(1));
    }
}
