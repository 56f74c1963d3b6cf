package dev.baton.plugins.localroot;

import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ResourceLimits;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;

/**
 * RLIMIT_MEMLOCK with libvirt's semantics: soft = hard, unlimited = RLIM_INFINITY, and by default only raise: if
 * the hard limit already covers the request nothing is written.
 */
final class MemlockOperation {
    private MemlockOperation() {}

    static MemlockResult apply(MemlockRequest request) {
        try (PinnedProcess target = PinnedProcess.pin(request.pid(), request.startTime())) {
            // /proc/PID/limits is world-readable; reading through prlimit64 would already need CAP_SYS_RESOURCE for
            // another user's process, which would hide the real problem (the write) behind a read error.
            MemlockLimits before = ProcFs.memlockLimits(target.pid());
            MemlockLimits wanted = MemlockLimits.both(request.limit());
            if ((request.onlyRaise() && before.hard().covers(request.limit())) || before.equals(wanted)) {
                target.ensureStillSame();
                return new MemlockResult(target.pid(), before, before, false);
            }
            ResourceLimits.setMemlock(target.pid(), wanted, before);
            target.ensureStillSame();
            return new MemlockResult(target.pid(), before, ProcFs.memlockLimits(target.pid()), true);
        }
    }
}
