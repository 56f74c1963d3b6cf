package dev.baton.core.verify;

import dev.baton.linux.ProcFs;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;

/** The claimed limits must be the real ones (/proc/PID/limits), and must satisfy the request. */
final class MemlockVerification {
    private MemlockVerification() {}

    static void verify(MemlockRequest request, MemlockResult result) {
        String what = "memlock of pid " + request.pid();
        MemlockLimits wanted = MemlockLimits.both(request.limit());
        boolean satisfied = result.changed() || !request.onlyRaise()
                ? result.after().equals(wanted)
                : result.after().hard().covers(request.limit());
        if (!satisfied) {
            throw new VerificationFailedException(what + " (handler's own result)",
                    (request.onlyRaise() ? "at least " : "") + wanted, result.after().toString());
        }
        MemlockLimits actual = ProcFs.memlockLimits(request.pid());
        if (!actual.equals(result.after())) {
            throw new VerificationFailedException(what, result.after().toString(), actual.toString());
        }
    }
}
