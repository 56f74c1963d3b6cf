package dev.baton.plugins.localroot;

import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcStat;
import dev.baton.linux.ProcStatus;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimits;

import java.util.List;

/**
 * Reads what only ptrace-level access may read, while the process is pinned: if it exits or is replaced during
 * the reads, the snapshot mixes two processes and is rejected.
 */
final class InspectOperation {
    private InspectOperation() {}

    static InspectResult apply(InspectRequest request) {
        try (PinnedProcess target = PinnedProcess.pin(request.pid(), request.startTime())) {
            String exe = ProcFs.exe(target.pid());
            ProcStatus status = ProcFs.status(target.pid());
            List<String> cgroups = ProcFs.cgroups(target.pid());
            MemlockLimits memlock = ProcFs.memlockLimits(target.pid());
            ProcStat stat = ProcFs.stat(target.pid());
            target.ensureStillSame();
            return new InspectResult(target.pid(), exe, status.uid(), status.euid(), status.gid(), status.egid(),
                    stat.ppid(), target.startTime(), stat.state(), cgroups, memlock);
        }
    }
}
