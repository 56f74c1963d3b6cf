package dev.baton.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Drives a {@link DemoLauncher} process line by line (see its protocol); closing ends it and its VMs. */
public final class LauncherSession implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final int pid;
    private int vmPid;
    private final Map<String, Integer> threads = new LinkedHashMap<>();
    private final List<Integer> vmPids = new ArrayList<>();

    private LauncherSession(Process process, BufferedReader out, PrintWriter in, int pid) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.pid = pid;
    }

    public static LauncherSession start(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            String first = out.readLine();
            if (first == null || !first.startsWith("LAUNCHER ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the launcher did not start (first line: " + first + ")");
            }
            return new LauncherSession(process, out, in, Integer.parseInt(first.substring(9).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int pid() {
        return pid;
    }

    /** Starts "the VM", the target of commands that name none. */
    public void startVm() {
        LaunchedVm vm = startAnotherVm();
        vmPid = vm.pid();
        threads.putAll(vm.threads());
    }

    /** Starts one more VM as the launcher's child, e.g. a live-migration destination; aim commands at it with "on PID". */
    public LaunchedVm startAnotherVm() {
        String[] parts = send("start-vm").split(" ", 3);
        if (!parts[0].equals("VM")) {
            throw new IllegalStateException("the launcher could not start the VM: " + String.join(" ", parts));
        }
        Map<String, Integer> vmThreads = new LinkedHashMap<>();
        for (String pair : parts[2].split(";")) {
            int eq = pair.lastIndexOf('=');
            vmThreads.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
        }
        LaunchedVm vm = new LaunchedVm(Integer.parseInt(parts[1]), vmThreads);
        vmPids.add(vm.pid());
        return vm;
    }

    /** Every VM the launcher started, in order. */
    public List<Integer> vmPids() {
        return List.copyOf(vmPids);
    }

    public int vmPid() {
        return vmPid;
    }

    public Map<String, Integer> threads() {
        return threads;
    }

    public int tid(String name) {
        Integer tid = threads.get(name);
        if (tid == null) {
            throw new IllegalArgumentException("the VM has no thread named '" + name + "'");
        }
        return tid;
    }

    /** The answer to {@code command} without its JSON summary: "OK backend verification" or "ERR Kind message". */
    public String status(String command) {
        String line = send(command);
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    /** The whole answer line. */
    public String send(String command) {
        in.println(command);
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the launcher exited during '" + command + "'");
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
            // The launcher stops its VMs on "quit"; these are killed only if it could not.
            for (int pid : vmPids) {
                ProcessHandle.of(pid).ifPresent(vm -> {
                    vm.destroyForcibly();
                    vm.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
                });
            }
        }
    }
}
