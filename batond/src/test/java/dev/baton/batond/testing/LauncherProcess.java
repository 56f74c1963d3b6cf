package dev.baton.batond.testing;

import dev.baton.linux.testing.StagedClasspath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ScriptedLauncher} as a real unprivileged process: uid/gid 65534, no groups, no capabilities, with
 * the test class path staged where that uid can read it. Closing kills the launcher and its VM.
 */
public final class LauncherProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int pid;
    private int vmPid;
    private final Map<String, Integer> threads = new LinkedHashMap<>();

    private LauncherProcess(Process process, BufferedReader out, PrintWriter in, int pid) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.pid = pid;
    }

    public static LauncherProcess start(StagedClasspath staged, Path socket) {
        List<String> command = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djna.tmpdir=" + staged.tmpDir(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", staged.classpath(), ScriptedLauncher.class.getName(), socket.toString());
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = out.readLine();
            if (first == null || !first.startsWith("LAUNCHER ")) {
                process.destroyForcibly();
                throw new IllegalStateException("launcher did not start: " + first);
            }
            return new LauncherProcess(process, out, in, Integer.parseInt(first.substring(9).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launcher's pid: the peer batond sees. */
    public int pid() {
        return pid;
    }

    /** Starts the QEMU-like VM as the launcher's child. */
    public void startVm() {
        String line = send("start-vm");
        String[] parts = line.split(" ", 3);
        if (!parts[0].equals("VM")) {
            throw new IllegalStateException("unexpected answer to start-vm: " + line);
        }
        vmPid = Integer.parseInt(parts[1]);
        for (String pair : parts[2].split(";")) {
            int eq = pair.lastIndexOf('=');
            threads.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
        }
    }

    public int vmPid() {
        return vmPid;
    }

    public int tid(String name) {
        return threads.get(name);
    }

    public String send(String command) {
        in.println(command);
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("launcher exited during '" + command + "'");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (vmPid > 0) {
                ProcessHandle.of(vmPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
