package dev.baton.core.localroot;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ResourceLimits;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** memlock through core, routed to local-root, on real child processes; checked in /proc/PID/limits. */
final class TestLocalRootMemlock {
    private static final long MIB = 1024 * 1024;

    @BeforeEach
    void needsRoot() {
        Prerequisites.requireRoot();
    }

    @Test
    void lowersALimitWhenOnlyRaiseIsOff() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            Outcome<MemlockResult> outcome = baton.setMaxMemlock(
                    new MemlockRequest(vm.pid(), MemlockLimit.ofBytes(4 * MIB), false));
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals("local-root", outcome.backend());
            assertTrue(outcome.result().changed());
            assertEquals(before, outcome.result().before());
            assertEquals(MemlockLimits.both(MemlockLimit.ofBytes(4 * MIB)), ProcFs.memlockLimits(vm.pid()));
        }
    }

    @Test
    void onlyRaiseLeavesACoveringLimitAlone() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            Outcome<MemlockResult> outcome = baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), MemlockLimit.ofBytes(MIB)));
            assertFalse(outcome.result().changed());
            assertEquals(before, outcome.result().after());
            assertEquals(before, ProcFs.memlockLimits(vm.pid()));
        }
    }

    @Test
    void raisesTheSoftLimitUpToTheHardOne() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            MemlockLimits original = ProcFs.memlockLimits(vm.pid());
            MemlockLimit hard = original.hard();
            ResourceLimits.setMemlock(vm.pid(), new MemlockLimits(MemlockLimit.ofBytes(MIB), hard), original);
            Outcome<MemlockResult> outcome = baton.setMaxMemlock(new MemlockRequest(vm.pid(), hard, false));
            assertTrue(outcome.result().changed());
            assertEquals(MemlockLimit.ofBytes(MIB), outcome.result().before().soft());
            assertEquals(MemlockLimits.both(hard), ProcFs.memlockLimits(vm.pid()));
        }
    }

    @Test
    void raisingTheHardLimitNeedsCapSysResource() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            MemlockRequest request = MemlockRequest.raiseTo(vm.pid(), MemlockLimit.ofBytes(1024 * MIB));
            if (hasCapSysResource()) {
                // Machines with the capability raise it; this machine's bounding set lacks it (see MISSION.md).
                assertTrue(baton.setMaxMemlock(request).result().changed());
                return;
            }
            PermissionDeniedException e = assertThrows(PermissionDeniedException.class, () -> baton.setMaxMemlock(request));
            assertEquals("permission denied: CAP_SYS_RESOURCE is required to raise the hard memlock limit of pid "
                    + vm.pid() + " from " + before.hard() + " to 1 GiB", e.getMessage());
            assertEquals("CAP_SYS_RESOURCE", e.capability().orElseThrow());
            assertEquals(before, ProcFs.memlockLimits(vm.pid()), "nothing may change on failure");
        }
    }

    @Test
    void anExitedProcessIsNoSuchProcess() {
        QemuLikeChild vm = QemuLikeChild.start(1);
        vm.close();
        try (Baton baton = LocalRootBaton.start()) {
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), MemlockLimit.UNLIMITED)));
            assertEquals("no such process " + vm.pid(), e.getMessage());
        }
    }

    static boolean hasCapSysResource() {
        try {
            String eff = Files.readString(Path.of("/proc/self/status")).lines().filter(l -> l.startsWith("CapEff:"))
                    .findFirst().orElseThrow().substring("CapEff:".length()).trim();
            return (Long.parseUnsignedLong(eff, 16) & (1L << 24)) != 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
