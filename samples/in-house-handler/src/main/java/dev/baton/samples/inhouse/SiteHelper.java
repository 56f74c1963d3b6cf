package dev.baton.samples.inhouse;

import dev.baton.spi.error.OperationFailedException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs the site helper and maps how it ended: exit status 0 is success; anything else, a helper that cannot be
 * started, or one that outlives the timeout is an {@link OperationFailedException} a person can act on.
 *
 * <p>The command is started with {@link ProcessBuilder}, which hands the argument vector straight to the kernel
 * (posix_spawn/execve). No shell is involved, so no argument is ever parsed as shell syntax: there is no command
 * injection to defend against, whatever the values. The helper also gets an empty environment apart from a fixed
 * PATH, so nothing the launcher's environment says (LD_PRELOAD, IFS, a PATH of its choosing) reaches a privileged
 * program; a setuid helper would have the loader drop some of it anyway, a sudo-run one might not.
 */
final class SiteHelper {
    private static final String SAFE_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int EIO = 5;
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int ETIMEDOUT = 110;
    private static final int EINTR = 4;

    private final Path program;
    private final Duration timeout;

    SiteHelper(Path program, Duration timeout) {
        this.program = requireNonNull(program, "program is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    Path program() {
        return program;
    }

    /** Runs {@code command} to completion; returns only if it exited with status 0. */
    void run(HelperCommand command) {
        requireInstalled();
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", SAFE_PATH);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OperationFailedException(EIO, "cannot start the site helper for '" + command + "': "
                    + e.getMessage());
        }
        CappedStderr stderr = CappedStderr.drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new OperationFailedException(ETIMEDOUT, "site helper '" + command + "' did not finish within "
                        + timeout.toSeconds() + " s and was killed (plugins.in-house.timeoutSeconds)"
                        + stderr.describe());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OperationFailedException(EINTR, "interrupted while waiting for site helper '" + command + "'");
        }
        int status = process.exitValue();
        if (status != 0) {
            // The helper speaks in exit statuses, not errnos; EIO is the generic "it failed", and the status and
            // the helper's own words travel in the message.
            throw new OperationFailedException(EIO, "site helper '" + command + "' exited with status " + status
                    + stderr.describe());
        }
    }

    /** Checked before every call rather than at start, so installing the helper later needs no restart. */
    private void requireInstalled() {
        if (!Files.exists(program)) {
            throw new OperationFailedException(ENOENT, "the site helper " + program + " does not exist: install it"
                    + " there, or set plugins.in-house.helper in conf/baton.yaml to the absolute path of the helper");
        }
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            throw new OperationFailedException(EACCES, "the site helper " + program + " is not an executable file:"
                    + " check its mode (chmod 755) and that its file system is not mounted noexec");
        }
    }
}
