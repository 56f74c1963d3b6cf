package dev.baton.standin;

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
 * Starts {@link StandInVm} as a child process and reads back its pid and named thread ids. Closing kills it and
 * waits until it is reaped.
 */
public final class StandInVmProcess implements AutoCloseable {
    private final Process process;
    private final int pid;
    private final Map<String, Integer> threads;
    private boolean closed;

    private StandInVmProcess(Process process, int pid, Map<String, Integer> threads) {
        this.process = process;
        this.pid = pid;
        this.threads = threads;
    }

    /**
     * @param prefix    what goes before java, e.g. a setpriv invocation; empty for none
     * @param classpath a class path holding this module and JNA, readable by the user the VM runs as
     * @param jvmFlags  extra JVM flags, e.g. -Djna.tmpdir for an unprivileged user
     */
    public static StandInVmProcess start(List<String> prefix, String classpath, List<String> jvmFlags, int vcpus) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classpath, StandInVm.class.getName(), Integer.toString(vcpus)));
        return startCommand(command);
    }

    /** Runs any program that speaks {@link StandInVm}'s stdout protocol ("THREAD tid name"..., "READY pid"). */
    public static StandInVmProcess startCommand(List<String> command) {
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
                    return new StandInVmProcess(process, Integer.parseInt(line.substring(6).trim()), threads);
                }
            }
            throw new IllegalStateException("the stand-in VM exited before it was ready: " + command);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e;
        }
    }

    public int pid() {
        return pid;
    }

    /** Thread ids by name: "CPU 0/KVM", ..., "kvm-pit/42", "IO mon_iothread", "worker", "vhost-4242". */
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

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
