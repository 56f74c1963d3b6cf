package dev.baton.linux.testing;

import com.sun.jna.Native;
import dev.baton.standin.StandInVm;
import dev.baton.standin.StandInVmProcess;

import java.util.List;
import java.util.Map;

/**
 * A {@link StandInVm} child for a test, started from a staged class path so it also works as uid 65534. Closing
 * kills it, waits until it is reaped, and removes the staged files, so tests can use try-with-resources and never
 * leak a process.
 */
public final class QemuLikeChild implements AutoCloseable {

    private final StandInVmProcess vm;
    private final StagedClasspath staged;

    private QemuLikeChild(StandInVmProcess vm, StagedClasspath staged) {
        this.vm = vm;
        this.staged = staged;
    }

    /** Starts the child as the current user. */
    public static QemuLikeChild start(int vcpus) {
        return launch(vcpus, List.of());
    }

    /** Starts the child as uid/gid 65534 with no capabilities, as the RFC's unprivileged launcher would run. */
    public static QemuLikeChild startUnprivileged(int vcpus) {
        return startAs(65534, vcpus);
    }

    /** Starts the child as {@code uid} (and the same gid) with no groups and no capabilities. */
    public static QemuLikeChild startAs(int uid, int vcpus) {
        return launch(vcpus, List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=-all"));
    }

    private static QemuLikeChild launch(int vcpus, List<String> prefix) {
        StagedClasspath staged = StagedClasspath.of(Native.class, StandInVm.class);
        try {
            return new QemuLikeChild(StandInVmProcess.start(prefix, staged.classpath(),
                    List.of("-Djna.tmpdir=" + staged.tmpDir()), vcpus), staged);
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    public int pid() {
        return vm.pid();
    }

    public Map<String, Integer> threads() {
        return vm.threads();
    }

    public int tid(String name) {
        return vm.tid(name);
    }

    public List<Integer> vcpuTids() {
        return vm.vcpuTids();
    }

    @Override
    public synchronized void close() {
        vm.close();
        if (staged.root().toFile().exists()) {
            staged.close();
        }
    }
}
