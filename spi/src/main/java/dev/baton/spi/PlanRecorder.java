package dev.baton.spi;

import dev.baton.spi.hook.PlannedOperation;

import java.util.List;

/** Implemented by plugins whose {@link Effect} is {@link Effect#PLANS_ONLY}: the operations recorded so far. */
@Unstable
public interface PlanRecorder {
    /** The recorded operations, oldest first. */
    List<PlannedOperation> plan();
}
