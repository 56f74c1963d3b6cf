package dev.baton.samples.launcher;

import dev.baton.spi.error.NoSuchProcessException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The threads of a QEMU process, told apart by the names QEMU gives them: "CPU 0/KVM", "CPU 1/KVM", ... for the
 * vCPUs, anything else for the emulator's own work (I/O, timers, vhost), which is what KubeVirt moves into the
 * housekeeping cgroup.
 *
 * <p>A process chooses its own thread names, so they are good enough for a launcher to pick the threads of the VM
 * it started, and never good enough for a privileged side to decide what is allowed: batond does not trust them.
 *
 * @param vcpus  vCPU thread ids, in vCPU order
 * @param others every other thread id, ascending
 */
record QemuThreads(List<Integer> vcpus, List<Integer> others) {
    private static final Pattern VCPU = Pattern.compile("CPU (\\d+)/KVM");

    QemuThreads {
        vcpus = List.copyOf(vcpus);
        others = List.copyOf(others);
    }

    static QemuThreads of(int pid) {
        SortedMap<Integer, Integer> vcpus = new TreeMap<>();
        List<Integer> others = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                int tid = Integer.parseInt(task.getFileName().toString());
                Optional<String> name = name(task);
                if (name.isEmpty()) {
                    continue; // the thread exited after the directory was listed, as threads of a running VM may
                }
                Matcher vcpu = VCPU.matcher(name.get());
                if (vcpu.matches()) {
                    vcpus.put(Integer.parseInt(vcpu.group(1)), tid);
                } else {
                    others.add(tid);
                }
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        others.sort(null);
        return new QemuThreads(List.copyOf(vcpus.values()), others);
    }

    private static Optional<String> name(Path task) {
        try {
            return Optional.of(Files.readString(task.resolve("comm")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
