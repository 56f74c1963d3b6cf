package dev.baton.plugins.localroot;

import dev.baton.linux.PinnedProcess;
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
        try (PinnedProcess target = PinnedProcess.pin(request.pid())) {
            MemlockLimits before = ResourceLimits.memlock(target.pid());
            MemlockLimits wanted = MemlockLimits.both(request.limit());
            if ((request.onlyRaise() && before.hard().covers(request.limit())) || before.equals(wanted)) {
                target.ensureStillSame();
                return new MemlockResult(target.pid(), before, before, false);
            }
            ResourceLimits.setMemlock(target.pid(), wanted, before);
            target.ensureStillSame();
            return new MemlockResult(target.pid(), before, ResourceLimits.memlock(target.pid()), true);
        }
    }
}
