package dev.baton.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What docs/cli.md calls usage errors exits 2, with a message that says what to type instead. */
final class TestUsageErrors {
    @Test
    void aPolicyThatDoesNotExistIsAUsageError() {
        CliRun run = CliRun.of("sched", "--pid", "1", "--tids", "1", "--policy", "fast", "--priority", "1");

        assertEquals(ExitCode.USAGE, run.exit(), run.err());
        assertTrue(run.err().contains("'fast' is not a scheduling policy (use other, fifo, rr, batch, idle)"), run.err());
    }

    @Test
    void planRefusesABackendOtherThanDryRunInsteadOfIgnoringIt() {
        CliRun run = CliRun.of("plan", "--pid", "1", "--backend", "local-root");

        assertEquals(ExitCode.USAGE, run.exit(), run.err());
        assertTrue(run.err().startsWith("plan always routes every hook to dry-run, so that it changes nothing;"
                + " --backend local-root does not apply to it\n"), run.err());
        assertTrue(run.err().contains("Usage: baton plan"), run.err());
    }
}
