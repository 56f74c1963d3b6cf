package dev.baton.core.verify;

import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;

import java.util.HashSet;

/**
 * Every requested thread must now sit in exactly the child named in the request of the target process's own
 * cgroup as it was before the call, per /proc/PID/task/TID/cgroup. A child of the right name elsewhere (another
 * pod's cgroup, a grandchild) is a different cgroup, with other limits and other neighbours.
 */
final class HousekeepingVerification {
    private HousekeepingVerification() {}

    static void verify(HousekeepingRequest request, HousekeepingResult result, CallBaseline before) {
        String what = "housekeeping of pid " + request.pid();
        String expected = expectedChild(request, result.layout(), before);
        // The handler may see the hierarchy from another cgroup namespace than this process: batond on the host
        // reports /kubepods/.../pod/housekeeping where a launcher in the pod's namespace sees /housekeeping. The
        // path this process sees is then the tail of the reported one; the threads' own lines below are read in
        // this process's view, so they must match it exactly.
        if (!result.cgroupPath().endsWith(expected)) {
            throw new VerificationFailedException(what, expected + " (or a path ending in it, seen from another"
                    + " cgroup namespace)", result.cgroupPath());
        }
        if (!new HashSet<>(result.moved()).equals(new HashSet<>(request.tids()))) {
            throw new VerificationFailedException(what, "moved threads " + request.tids(), "moved " + result.moved());
        }
        for (int tid : result.moved()) {
            String actual = ProcCgroup.path(ProcFs.threadCgroups(request.pid(), tid), result.layout())
                    .orElse("no " + describe(result.layout()) + " line");
            if (!actual.equals(expected)) {
                throw new VerificationFailedException("cgroup of thread " + tid + " of pid " + request.pid(),
                        expected, actual);
            }
        }
    }

    /** "<the process's cgroup before the call>/<request.cgroup()>", as /proc shows it to this process. */
    private static String expectedChild(HousekeepingRequest request, CgroupLayout layout, CallBaseline before) {
        String where = "the " + describe(layout) + " cgroup of pid " + request.pid() + " before the call";
        if (before.unreadable().isPresent()) {
            throw new VerificationFailedException(where, "readable", before.unreadable().get());
        }
        String parent = ProcCgroup.path(before.processCgroups(), layout).orElseThrow(
                () -> new VerificationFailedException(where, "a " + describe(layout) + " line in /proc/"
                        + request.pid() + "/cgroup", "none"));
        return (parent.endsWith("/") ? parent : parent + "/") + request.cgroup();
    }

    private static String describe(CgroupLayout layout) {
        return layout == CgroupLayout.V1_CPUSET ? "cpuset" : "v2";
    }
}
