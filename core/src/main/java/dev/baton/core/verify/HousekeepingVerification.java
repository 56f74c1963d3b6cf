package dev.baton.core.verify;

import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;

import java.util.HashSet;

/** Every requested thread must now sit in the named child cgroup, per /proc/PID/task/TID/cgroup. */
final class HousekeepingVerification {
    private HousekeepingVerification() {}

    static void verify(HousekeepingRequest request, HousekeepingResult result) {
        String what = "housekeeping of pid " + request.pid();
        if (!result.cgroupPath().endsWith("/" + request.cgroup())) {
            throw new VerificationFailedException(what, "a child cgroup named '" + request.cgroup() + "'",
                    result.cgroupPath());
        }
        if (!new HashSet<>(result.moved()).equals(new HashSet<>(request.tids()))) {
            throw new VerificationFailedException(what, "moved threads " + request.tids(), "moved " + result.moved());
        }
        for (int tid : result.moved()) {
            String actual = ProcCgroup.path(ProcFs.threadCgroups(request.pid(), tid), result.layout())
                    .orElse("no " + (result.layout() == CgroupLayout.V1_CPUSET ? "cpuset" : "v2") + " line");
            if (!actual.equals(result.cgroupPath())) {
                throw new VerificationFailedException("cgroup of thread " + tid + " of pid " + request.pid(),
                        result.cgroupPath(), actual);
            }
        }
    }
}
