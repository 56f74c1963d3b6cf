package dev.baton.batond.auth;

import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcStatus;
import dev.baton.linux.ProcessCapabilities;

/**
 * What the checks of one call read about its pinned target, each read at most once. /proc/PID/status is the
 * costliest read of a call (the kernel renders it whole), and the scope check and the privilege check both want
 * it; capabilities alone come from capget(2) when nothing else needs the status.
 */
final class TargetFacts {
    private final PinnedProcess target;
    private ProcStatus status;

    TargetFacts(PinnedProcess target) {
        this.target = target;
    }

    int pid() {
        return target.pid();
    }

    ProcStatus status() {
        if (status == null) {
            status = ProcFs.status(target.pid());
        }
        return status;
    }

    /** The effective and permitted sets together. */
    long capabilities() {
        if (status != null) {
            return status.capPermitted() | status.capEffective();
        }
        return ProcessCapabilities.of(target.pid()).any();
    }
}
