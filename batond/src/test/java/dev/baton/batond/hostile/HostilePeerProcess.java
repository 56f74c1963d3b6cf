package dev.baton.batond.hostile;

import dev.baton.linux.testing.StagedClasspath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link HostilePeer} as a real unprivileged process (uid/gid 65534, no groups, no capabilities) and drives
 * it. Closing kills it and every process it reported (children outlive a SIGKILLed parent: they are reparented,
 * not killed), and waits until they are gone.
 */
final class HostilePeerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int pid;
    /** Every process the peer reported, pinned, so that a recycled pid is never killed by mistake. */
    private final List<Processes.Pinned> spawned = new ArrayList<>();

    private HostilePeerProcess(Process process, BufferedReader out, PrintWriter in, int pid) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.pid = pid;
    }

    static HostilePeerProcess start(StagedClasspath staged, Path socket) {
        List<String> command = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8",
                "-Djna.tmpdir=" + staged.tmpDir(),
                "-cp", staged.classpath(), HostilePeer.class.getName(), socket.toString());
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = out.readLine();
            if (first == null || !first.startsWith("PEER ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the hostile peer did not start (first line: " + first + ")");
            }
            return new HostilePeerProcess(process, out, in, Integer.parseInt(first.substring(5).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int pid() {
        return pid;
    }

    /** Sends one command and returns the first line of its answer. */
    String send(String command) {
        in.println(command);
        String line = readLine();
        if (line.startsWith("CHILD ") || line.startsWith("SHARED ")) {
            Processes.Pinned child = Processes.Pinned.of(Long.parseLong(line.substring(line.indexOf(' ') + 1).trim()));
            if (child != null) {
                spawned.add(child);
            }
        }
        return line;
    }

    /** The next output line: the rest of a multi-line answer, or what the shared shell prints. */
    String readLine() {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the hostile peer exited");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a line to the peer's stdin without waiting for an answer. */
    void println(String line) {
        in.println(line);
    }

    /** Starts a child of the peer; returns its pid. */
    int spawn(String name, String... command) {
        String answer = send("spawn " + name + " " + String.join(" ", command));
        if (!answer.startsWith("CHILD ")) {
            throw new IllegalStateException("spawn failed: " + answer);
        }
        return Integer.parseInt(answer.substring(6).trim());
    }

    /** Starts a child of the peer from a command line given as a JSON array (any characters); returns its pid. */
    int spawnJson(String name, String commandJson) {
        String answer = send("spawn-json " + name + " " + commandJson);
        if (!answer.startsWith("CHILD ")) {
            throw new IllegalStateException("spawn failed: " + answer);
        }
        return Integer.parseInt(answer.substring(6).trim());
    }

    /** SIGKILLs the peer itself and waits until it is reaped; its children live on until {@link #close()}. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            in.println("quit");
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        spawned.forEach(Processes.Pinned::close);
    }
}
