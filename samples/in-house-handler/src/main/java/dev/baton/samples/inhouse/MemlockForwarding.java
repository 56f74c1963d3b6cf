package dev.baton.samples.inhouse;

import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;

import static java.util.Objects.requireNonNull;

/**
 * The memlock hook with libvirt's semantics: soft = hard, and with {@code onlyRaise} a hard limit that already
 * covers the request means no change and no helper call. The limits before and after are read from /proc, so the
 * result says what is true, whatever the helper claimed.
 */
final class MemlockForwarding {
    private final AllowList allow;
    private final SiteHelper helper;

    MemlockForwarding(AllowList allow, SiteHelper helper) {
        this.allow = requireNonNull(allow, "allow is null");
        this.helper = requireNonNull(helper, "helper is null");
    }

    MemlockResult handle(MemlockRequest request) {
        allow.checkMemlock(request); // first: a refused call must not start the helper at all
        int pid = request.pid();
        long startTime = ProcFiles.startTime(pid);
        MemlockLimits before = ProcMemlockLimits.read(pid);
        MemlockLimits wanted = MemlockLimits.both(request.limit());
        if ((request.onlyRaise() && before.hard().covers(request.limit())) || before.equals(wanted)) {
            return new MemlockResult(pid, before, before, false);
        }
        helper.run(HelperCommand.memlock(helper.program(), pid, request.limit()));
        MemlockLimits after = ProcMemlockLimits.read(pid);
        ProcFiles.requireSameProcess(pid, startTime);
        return new MemlockResult(pid, before, after, true);
    }
}
