package dev.baton.plugins.localroot;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.Errno;
import dev.baton.linux.KernelFiles;
import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * KubeVirt's housekeeping cgroup: a child of the target's own cgroup that its non-vCPU threads are moved into.
 * On cgroup v1 the child is a cpuset cgroup (cpus and mems copied from the parent, because v1 refuses tasks until
 * both are set); on v2 it is a threaded cgroup. If the move fails, the threads already moved go back and a cgroup
 * created by this call is removed.
 */
final class HousekeepingOperation {
    private final CgroupMounts mounts;
    private final System.Logger log;
    private final IntConsumer beforeEachMove;

    HousekeepingOperation(CgroupMounts mounts, System.Logger log) {
        this(mounts, log, tid -> {});
    }

    /**
     * @param beforeEachMove called with each tid just before it is moved. Tests use it to end a thread at exactly
     *                       that point, the one failure after some threads have moved that no request can
     *                       produce on demand; production passes nothing.
     */
    HousekeepingOperation(CgroupMounts mounts, System.Logger log, IntConsumer beforeEachMove) {
        this.mounts = mounts;
        this.log = log;
        this.beforeEachMove = beforeEachMove;
    }

    HousekeepingResult apply(HousekeepingRequest request) {
        CgroupMount mount = mounts.cpusetHolder().orElseThrow(() -> new OperationFailedException(Errno.ENODEV,
                "no cgroup hierarchy holds cpuset: neither a v1 cpuset hierarchy nor cgroup2 is mounted"));
        int pid = request.pid();
        try (PinnedProcess target = PinnedProcess.pin(pid, request.startTime());
             PinnedThreads threads = PinnedThreads.pin(pid, request.tids())) {
            String parentPath = ProcCgroup.path(ProcFs.cgroups(pid), mount.layout())
                    .orElseThrow(() -> new OperationFailedException(Errno.ENOENT, "pid " + pid + " is in no "
                            + describe(mount.layout()) + " cgroup"));
            Path parent = CgroupDirectory.requireReal(mount, mount.directoryOf(parentPath).orElseThrow(
                    () -> new OperationFailedException(Errno.EXDEV, "the cgroup of pid " + pid + " (" + parentPath
                            + ") is outside the hierarchy mounted at " + mount.mountPoint())));
            Path child = parent.resolve(request.cgroup());
            String childPath = (parentPath.endsWith("/") ? parentPath : parentPath + "/") + request.cgroup();
            boolean created = CgroupDirectory.createChild(mount, parent, child, pid);
            List<Integer> moved = new ArrayList<>();
            try {
                prepare(mount.layout(), parent, child, created, request.cpus(), pid);
                for (int tid : request.tids()) {
                    beforeEachMove.accept(tid);
                    threads.ensureAlive(tid);
                    CgroupFailure.write(child.resolve(threadsFile(mount.layout())), tid + "\n", pid,
                            "move thread " + tid + " of pid " + pid + " into cgroup " + childPath);
                    moved.add(tid);
                }
                target.ensureStillSame();
                return new HousekeepingResult(pid, mount.layout(), childPath, created, moved);
            } catch (RuntimeException e) {
                undo(mount.layout(), parent, child, created, moved);
                throw e;
            }
        }
    }

    private static void prepare(CgroupLayout layout, Path parent, Path child, boolean created, List<Integer> cpus,
                                int pid) {
        if (layout == CgroupLayout.V1_CPUSET) {
            if (created || CgroupFiles.read(child.resolve("cpuset.cpus")).isBlank()) {
                for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                    String value = CgroupFiles.read(parent.resolve(file)).strip();
                    CgroupFailure.write(child.resolve(file), value + "\n", pid, "copy " + file + " to " + child);
                }
            }
        } else {
            // Writing "threaded" again to a threaded cgroup is a no-op, so an existing child is fine.
            CgroupFailure.write(child.resolve("cgroup.type"), "threaded\n", pid, "make cgroup " + child + " threaded");
        }
        if (!cpus.isEmpty()) {
            Path cpusFile = child.resolve("cpuset.cpus");
            if (!java.nio.file.Files.exists(cpusFile)) {
                throw new OperationFailedException(Errno.EOPNOTSUPP, "cannot set cpus on " + child + ": the cpuset"
                        + " controller is not enabled there (enable it in the parent's cgroup.subtree_control)");
            }
            CgroupFailure.write(cpusFile, dev.baton.spi.hook.CpuList.format(cpus) + "\n", pid,
                    "set cpuset.cpus of " + child + " to " + dev.baton.spi.hook.CpuList.format(cpus));
        }
    }

    /** Best effort: move the threads back, then remove the cgroup if this call created it. */
    private void undo(CgroupLayout layout, Path parent, Path child, boolean created, List<Integer> moved) {
        for (int tid : moved) {
            int errno = KernelFiles.write(parent.resolve(threadsFile(layout)), tid + "\n");
            if (errno != 0 && errno != Errno.ESRCH) {
                log.log(System.Logger.Level.WARNING, "could not move thread " + tid + " back to " + parent + ": "
                        + Errno.name(errno));
            }
        }
        if (created) {
            int errno = KernelFiles.rmdir(child);
            if (errno != 0) {
                log.log(System.Logger.Level.WARNING, "could not remove cgroup " + child + " after a failed move: "
                        + Errno.name(errno));
            }
        }
    }

    private static String threadsFile(CgroupLayout layout) {
        return layout == CgroupLayout.V1_CPUSET ? "tasks" : "cgroup.threads";
    }

    private static String describe(CgroupLayout layout) {
        return layout == CgroupLayout.V1_CPUSET ? "v1 cpuset" : "v2";
    }
}
