package dev.baton.cli.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.core.routing.RouteReason;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the demo counts as a success: every row, memlock's capability error aside, and a complete cleanup. */
final class TestDemoVerdict {
    private static final SchedState OTHER = new SchedState(SchedPolicy.OTHER, 0, false, List.of(0, 1));
    private static final SchedState FIFO = new SchedState(SchedPolicy.FIFO, 1, true, List.of(0, 1));
    private static final DemoStep STEP = new DemoStep("migration", "scheduler", 4242, "sched fifo 1 4243 4244");

    @Test
    void aBatchWithAFailedThreadIsAFailedRowThoughCoreVerifiedTheOthers() throws Exception {
        SchedulerResult result = new SchedulerResult(4242, List.of(
                new ThreadSchedResult(4243, OTHER, FIFO, ThreadOutcome.APPLIED, null),
                new ThreadSchedResult(4244, OTHER, OTHER, ThreadOutcome.FAILED, "permission denied: no RT budget")));
        Outcome<SchedulerResult> outcome = new Outcome<>("scheduler", "remote-handler", RouteReason.CONFIGURED, result,
                Verification.VERIFIED, Duration.ofMillis(1));

        DemoTable.Row row = RealDemo.row(STEP, "OK remote-handler VERIFIED\t"
                + OutcomeSummary.of(outcome, JsonNodeFactory.instance.objectNode()));

        assertFalse(row.succeeded());
        assertEquals("error: some threads failed", row.verified());
        assertTrue(row.change().endsWith("; thread 4244: permission denied: no RT budget"), row.change());
        DemoTable table = new DemoTable();
        table.add(row);
        assertEquals(List.of(row), table.failures());
        StringWriter out = new StringWriter();
        assertFalse(Demo.verdict(new DemoReport(table, List.of()), new PrintWriter(out, true)));
        assertTrue(out.toString().contains("the demo FAILED:\n  migration scheduler on pid 4242, 2 thread(s): "),
                out.toString());
    }

    @Test
    void theMemlockCapabilityErrorIsTheExpectedAnswerOnAMachineWithoutIt() throws Exception {
        DemoTable table = new DemoTable();
        table.add(RealDemo.row(new DemoStep("launch", "memlock", 4242, "memlock 1073741824"), "ERR PermissionDenied"
                + " permission denied: CAP_SYS_RESOURCE is required to raise the hard memlock limit of pid 4242 from"
                + " 8 MiB to 1 GiB"));
        assertTrue(table.failures().isEmpty());

        table.add(RealDemo.row(new DemoStep("launch", "memlock", 4242, "memlock 1073741824"),
                "ERR NotAuthorized not authorized: the policy allows 1 MiB"));
        assertEquals(1, table.failures().size(), "any other memlock error is a failure");
    }

    @Test
    void leftoversFailTheDemoEvenWhenEveryRowSucceeded() {
        StringWriter out = new StringWriter();

        boolean succeeded = Demo.verdict(new DemoReport(new DemoTable(),
                List.of("the launcher (pid 4242) is still running: kill 4242")), new PrintWriter(out, true));

        assertFalse(succeeded);
        assertTrue(out.toString().contains("its cleanup left 1 thing(s) behind"), out.toString());
        assertTrue(Demo.verdict(new DemoReport(new DemoTable(), List.of()), new PrintWriter(new StringWriter())));
    }
}
