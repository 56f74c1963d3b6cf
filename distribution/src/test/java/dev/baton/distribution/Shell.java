package dev.baton.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an assembled script as an operator would, and keeps its exit code and output. Both streams go to files:
 * reading one pipe to its end while the child fills the other (64 KiB on Linux) would leave both processes
 * waiting on each other.
 */
record Shell(int exit, String out, String err) {
    static Path home() {
        return Path.of(System.getProperty("baton.home"));
    }

    /** Runs {@code command}, whose first element is relative to the installation, e.g. "bin/baton". */
    static Shell run(Map<String, String> env, String... command) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, home().resolve(command[0]).toString());
        return exec(argv, env);
    }

    static Shell run(String... command) {
        return run(Map.of(), command);
    }

    /** Runs {@code argv} as it is, with {@code env} added to this JVM's environment. */
    static Shell exec(List<String> argv, Map<String, String> env) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("baton-shell-", ".out");
            err = Files.createTempFile("baton-shell-", ".err");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                throw new IllegalStateException(String.join(" ", argv) + " did not finish in 180 s");
            }
            return new Shell(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the next boot's tmp cleaning takes it
            }
        }
    }
}
