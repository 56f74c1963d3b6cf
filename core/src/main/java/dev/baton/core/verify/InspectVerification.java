package dev.baton.core.verify;

import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcStat;
import dev.baton.linux.ProcStatus;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;

/**
 * The snapshot must describe the process that has the pid now: same start time and parent, and the same ids as
 * the world-readable /proc/PID/status shows. A mismatch means the pid was reused or the handler made it up.
 */
final class InspectVerification {
    private InspectVerification() {}

    static void verify(InspectRequest request, InspectResult result) {
        int pid = request.pid();
        ProcStat stat = ProcFs.stat(pid);
        if (stat.startTime() != result.startTime()) {
            throw new VerificationFailedException("start time of pid " + pid, Long.toString(result.startTime()),
                    Long.toString(stat.startTime()));
        }
        ProcStatus status = ProcFs.status(pid);
        String claimed = ids(result.ppid(), result.uid(), result.euid(), result.gid(), result.egid());
        String actual = ids(status.ppid(), status.uid(), status.euid(), status.gid(), status.egid());
        if (!claimed.equals(actual)) {
            throw new VerificationFailedException("identity of pid " + pid, claimed, actual);
        }
    }

    private static String ids(int ppid, int uid, int euid, int gid, int egid) {
        return "ppid=" + ppid + " uid=" + uid + "/" + euid + " gid=" + gid + "/" + egid;
    }
}
