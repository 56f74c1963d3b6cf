package dev.baton.samples.inhouse;

import dev.baton.spi.error.OperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running real helper scripts: exit statuses, stderr, time limits and the environment they get. */
final class TestSiteHelper {
    @TempDir
    Path dir;

    @Test
    void exitStatusZeroIsSuccess() {
        TestingSiteHelper script = TestingSiteHelper.claimingSuccess(dir);

        assertDoesNotThrow(() -> helper(script.program(), 5).run(command(script.program(), "sched", "--pid", "1")));
        assertEquals(List.of(List.of("sched", "--pid", "1")), script.invocations());
    }

    @Test
    @Timeout(30)
    void aHelperThatWritesMoreThanAPipeHoldsDoesNotHangAndItsStderrIsCapped() {
        TestingSiteHelper script = TestingSiteHelper.chatty(dir);

        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> helper(script.program(), 20).run(command(script.program(), "memlock")));

        assertTrue(e.getMessage().contains("exited with status 1: stderr: 'site-rt-helper: the same complaint"),
                e.getMessage());
        assertTrue(e.getMessage().matches("(?s).* \\(\\d+ more bytes dropped\\)$"), e.getMessage());
        assertTrue(e.getMessage().length() < CappedStderr.CAP * 2, "capped: " + e.getMessage().length());
    }

    @Test
    @Timeout(30)
    void aHelperThatOutlivesTheTimeoutIsKilled() {
        TestingSiteHelper script = TestingSiteHelper.hanging(dir);

        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> helper(script.program(), 1).run(command(script.program(), "sched")));

        assertEquals("site helper '" + script.program() + " sched' did not finish within 1 s and was killed"
                + " (plugins.in-house.timeoutSeconds)", e.getMessage());
    }

    @Test
    void theHelperGetsNoEnvironmentButAFixedPath() throws IOException {
        Path program = script("env >&2\nexit 1\n");

        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> helper(program, 5).run(command(program)));

        // sh itself adds PWD; nothing of this JVM's environment (HOME, USER, JAVA_HOME, ...) gets through.
        assertTrue(e.getMessage().contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin"), e.getMessage());
        assertTrue(!e.getMessage().contains("HOME=") && !e.getMessage().contains("JAVA_HOME="), e.getMessage());
    }

    @Test
    void argumentsReachTheHelperVerbatimBecauseNoShellParsesThem() throws IOException {
        Path program = script("printf '[%s]' \"$@\" >&2\nexit 1\n");

        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> helper(program, 5).run(command(program, "$(id)", "a b", ";true")));

        assertTrue(e.getMessage().endsWith("stderr: '[$(id)][a b][;true]'"), e.getMessage());
    }

    @Test
    void acceptedValuesSurviveEvenAHelperThatForgetsToQuote() throws IOException {
        // $* unquoted: the shell splits words and expands globs. The characters HelperArgument lets through do
        // neither, so even this careless helper sees exactly the arguments the plugin built.
        Path program = script("for a in $*; do printf '[%s]' \"$a\" >&2; done\nexit 1\n");
        HelperCommand command = HelperCommand.command(program, "housekeeping").option("cgroup", "vm-1_a.b")
                .option("owner", "user@host:/srv/x=1+2").option("cpus", "0-3,8").build();

        OperationFailedException e = assertThrows(OperationFailedException.class, () -> helper(program, 5).run(command));

        assertTrue(e.getMessage().endsWith("stderr: '[housekeeping][--cgroup][vm-1_a.b][--owner][user@host:/srv/x=1+2]"
                + "[--cpus][0-3,8]'"), e.getMessage());
    }

    @Test
    void aHelperThatIsNotExecutableSaysWhatToCheck() throws IOException {
        Path program = Files.writeString(dir.resolve("site-rt-helper"), "#!/bin/sh\n");

        OperationFailedException e = assertThrows(OperationFailedException.class,
                () -> helper(program, 5).run(command(program)));

        assertEquals("the site helper " + program + " is not an executable file: check its mode (chmod 755) and"
                + " that its file system is not mounted noexec", e.getMessage());
    }

    private static SiteHelper helper(Path program, int timeoutSeconds) {
        return new SiteHelper(program, Duration.ofSeconds(timeoutSeconds));
    }

    private static HelperCommand command(Path program, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return new HelperCommand(argv);
    }

    private Path script(String body) throws IOException {
        Path program = Files.writeString(dir.resolve("site-rt-helper"), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }
}
