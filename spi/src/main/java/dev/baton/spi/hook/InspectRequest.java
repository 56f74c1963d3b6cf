package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.OptionalLong;

/** Read what only ptrace-level access may read about a process (KubeVirt dropped SYS_PTRACE for this). */
@Unstable
public record InspectRequest(int pid, OptionalLong startTime) implements HookRequest {
    public InspectRequest {
        RequestChecks.pid(pid);
        startTime = RequestChecks.startTime(startTime);
    }

    public InspectRequest(int pid) {
        this(pid, OptionalLong.empty());
    }

    @Override
    public InspectRequest withStartTime(long startTime) {
        return new InspectRequest(pid, OptionalLong.of(startTime));
    }
}
