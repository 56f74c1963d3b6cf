package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

/** Read what only ptrace-level access may read about a process (KubeVirt dropped SYS_PTRACE for this). */
@Unstable
public record InspectRequest(int pid) implements HookRequest {
    public InspectRequest {
        RequestChecks.pid(pid);
    }
}
