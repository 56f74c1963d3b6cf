package dev.baton.linux.testing;

import com.sun.jna.Native;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link QemuLikeProcess} as a real child process and knows its pid and named thread ids. Closing it kills
 * the child and waits for it, so tests can use try-with-resources and never leak a process.
 */
public final class QemuLikeChild implements AutoCloseable {
    private static final String SETPRIV = "/usr/bin/setpriv";

    private final Process process;
    private final int pid;
    private final Map<String, Integer> threads;
    private final StagedClasspath staged;
    private boolean closed;

    private QemuLikeChild(Process process, int pid, Map<String, Integer> threads, StagedClasspath staged) {
        this.process = process;
        this.pid = pid;
        this.threads = threads;
        this.staged = staged;
    }

    /** Starts the child as the current user. */
    public static QemuLikeChild start(int vcpus) {
        return launch(vcpus, false);
    }

    /** Starts the child as uid/gid 65534 with no capabilities, as the RFC's unprivileged launcher would run. */
    public static QemuLikeChild startUnprivileged(int vcpus) {
        return launch(vcpus, true);
    }

    private static QemuLikeChild launch(int vcpus, boolean unprivileged) {
        StagedClasspath staged = StagedClasspath.of(Native.class, QemuLikeProcess.class);
        List<String> command = new ArrayList<>();
        if (unprivileged) {
            command.addAll(List.of(SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"));
        }
        command.addAll(List.of(javaBinary(), "-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Djna.tmpdir=" + staged.tmpDir(), "-cp", staged.classpath(), QemuLikeProcess.class.getName(),
                Integer.toString(vcpus)));
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Map<String, Integer> threads = new LinkedHashMap<>();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("THREAD ")) {
                    String[] parts = line.split(" ", 3);
                    threads.put(parts[2], Integer.parseInt(parts[1]));
                } else if (line.startsWith("READY ")) {
                    return new QemuLikeChild(process, Integer.parseInt(line.substring(6).trim()), threads, staged);
                }
            }
            throw new IllegalStateException("fixture exited before READY: " + command);
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            staged.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int pid() {
        return pid;
    }

    /** Thread ids by name: "CPU 0/KVM", "CPU 1/KVM", ..., "kvm-pit/42", "IO mon_iothread", "worker", "vhost-4242". */
    public Map<String, Integer> threads() {
        return threads;
    }

    public int tid(String name) {
        Integer tid = threads.get(name);
        if (tid == null) {
            throw new IllegalArgumentException("no thread named '" + name + "' in " + threads.keySet());
        }
        return tid;
    }

    public List<Integer> vcpuTids() {
        return threads.entrySet().stream().filter(e -> e.getKey().endsWith("/KVM")).map(Map.Entry::getValue).toList();
    }

    public Process process() {
        return process;
    }

    /** Kills the child and waits until it is reaped, so its pid is gone when this returns. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            staged.close();
        }
    }
}
