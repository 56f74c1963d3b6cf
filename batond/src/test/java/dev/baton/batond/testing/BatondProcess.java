package dev.baton.batond.testing;

import dev.baton.batond.BatondMain;
import dev.baton.varlink.VarlinkClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code batond} as its own process (root, like the test), started through {@link BatondMain} with real command-line
 * options: for what only a separate process shows, such as its file descriptor 2 pointing at /dev/full or a closed
 * pipe, a file-size limit set on it alone, or what it writes to its operator's log.
 */
public final class BatondProcess implements AutoCloseable {
    private static final Duration START_GUARD = Duration.ofSeconds(60);

    private final Process process;
    private final Path dir;
    private final StringBuffer stderr = new StringBuffer();

    private BatondProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** A fresh directory for the policy, socket and logs of one batond; {@link #start} takes it over. */
    public static Path directory(String policyYaml) {
        try {
            Path dir = Files.createTempDirectory("batond-process-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("policy.yaml"), policyYaml);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts batond on {@code dir}'s socket and policy with {@code options} added (e.g. --audit), its stderr going to
     * {@code stderr}, and waits until it answers GetInfo. Fails with what it wrote if it exits instead.
     */
    public static BatondProcess start(Path dir, List<String> options, ProcessBuilder.Redirect stderr) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                BatondMain.class.getName(), "--socket", dir.resolve("batond.sock").toString(),
                "--policy", dir.resolve("policy.yaml").toString(), "--socket-mode", "rw-rw-rw-"));
        command.addAll(options);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(stderr).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BatondProcess batond = new BatondProcess(process, dir);
        try {
            batond.awaitServing();
            return batond;
        } catch (RuntimeException | Error e) {
            batond.close();
            throw e;
        }
    }

    private void awaitServing() {
        long deadline = System.nanoTime() + START_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("batond exited with " + process.exitValue() + " before serving");
            }
            if (Files.exists(socket())) {
                try (VarlinkClient client = VarlinkClient.connect(socket())) {
                    client.call("org.varlink.service.GetInfo", null);
                    return;
                } catch (Exception notYet) {
                    // still starting
                }
            }
            sleep(50);
        }
        throw new IllegalStateException("batond did not serve within " + START_GUARD);
    }

    public Path socket() {
        return dir.resolve("batond.sock");
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** With stderr a pipe: closes its only read end, so batond's next write to fd 2 fails with EPIPE. */
    public void closeStderrPipe() {
        try {
            process.getErrorStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With stderr a pipe: reads it from now on, so {@link #stderrText()} has batond's log. A pipe, not a file, so
     * that a file-size limit set on batond does not cut its log short.
     */
    public BatondProcess captureStderr() {
        Thread drain = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (var in = process.getErrorStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    stderr.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException closed) {
                // batond has exited
            }
        }, "batond-stderr");
        drain.setDaemon(true);
        drain.start();
        return this;
    }

    /** What batond wrote to stderr since {@link #captureStderr()}. */
    public String stderrText() {
        return stderr.toString();
    }

    /** Waits until the operator's log (stderr, captured) contains {@code text}. */
    public String awaitStderr(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stderrText().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("batond's log never said \"" + text + "\"; it has: " + stderrText());
            }
            sleep(20);
        }
        return stderrText();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGKILL (no shutdown hook needed: nothing of batond's outlives it but the directory), then the directory. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
