package dev.baton.plugins.remote;

import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.Wire;
import dev.baton.delegation.WireMapping;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;

import java.nio.file.Path;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The four hook handlers: each maps its SPI request to the wire with {@link WireMapping}, which batond shares, so
 * the two sides cannot disagree on a field, and maps the reply back. Verification is core's job, not ours.
 */
final class RemoteHandlers {
    private final BatondClient client;
    private final int apiVersion;
    private final Path socket;

    RemoteHandlers(BatondClient client, int apiVersion, Path socket) {
        this.client = requireNonNull(client, "client is null");
        this.apiVersion = apiVersion;
        this.socket = requireNonNull(socket, "socket is null");
    }

    HandlerSet handlerSet() {
        return HandlerSet.builder()
                .on(Hook.MEMLOCK, this::memlock)
                .on(Hook.SCHEDULER, this::scheduler)
                .on(Hook.HOUSEKEEPING, this::housekeeping)
                .on(Hook.INSPECT, this::inspect)
                .build();
    }

    MemlockResult memlock(MemlockRequest request) {
        Wire.SetMaxMemLockReply reply = client.call(DelegationInterface.SET_MAX_MEMLOCK,
                WireMapping.params(apiVersion, request), Wire.SetMaxMemLockReply.class);
        return toResult(DelegationInterface.SET_MAX_MEMLOCK, reply, WireMapping::result);
    }

    SchedulerResult scheduler(SchedulerRequest request) {
        Wire.SetSchedulerReply reply = client.call(DelegationInterface.SET_SCHEDULER,
                WireMapping.params(apiVersion, request), Wire.SetSchedulerReply.class);
        return toResult(DelegationInterface.SET_SCHEDULER, reply, WireMapping::result);
    }

    HousekeepingResult housekeeping(HousekeepingRequest request) {
        Wire.MoveThreadsReply reply = client.call(DelegationInterface.MOVE_THREADS,
                WireMapping.params(apiVersion, request), Wire.MoveThreadsReply.class);
        return toResult(DelegationInterface.MOVE_THREADS, reply, WireMapping::result);
    }

    InspectResult inspect(InspectRequest request) {
        Wire.InspectProcessReply reply = client.call(DelegationInterface.INSPECT_PROCESS,
                WireMapping.params(apiVersion, request), Wire.InspectProcessReply.class);
        return toResult(DelegationInterface.INSPECT_PROCESS, reply, WireMapping::result);
    }

    /**
     * The SPI records validate themselves, so a reply with, say, an unknown policy name throws
     * InvalidRequestException, which would blame the caller's request. It is the daemon's reply that is wrong.
     */
    private <W, R> R toResult(String method, W reply, Function<W, R> mapping) {
        try {
            return mapping.apply(reply);
        } catch (RuntimeException e) {
            throw new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond at " + socket + " answered "
                    + BatondFailures.shortName(method) + " with a result this client cannot use: " + e.getMessage()
                    + "; are batond and the " + RemoteHandlerPlugin.NAME + " plugin from the same release?", e);
        }
    }
}
