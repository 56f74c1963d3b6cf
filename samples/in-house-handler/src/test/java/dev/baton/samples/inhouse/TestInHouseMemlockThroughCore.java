package dev.baton.samples.inhouse;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memlock through the real jar and a helper that calls prlimit. Lowering a limit needs no capability, so these
 * run everywhere; raising the hard limit would need CAP_SYS_RESOURCE, which this machine's bounding set lacks.
 */
final class TestInHouseMemlockThroughCore {
    @TempDir
    Path dir;

    @Test
    void aLimitIsLoweredThroughTheHelperAndCoreVerifiesIt() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            MemlockLimit lower = MemlockLimit.ofBytes(before.hard().isUnlimited() ? 4 << 20 : before.hard().bytes() / 2);

            Outcome<MemlockResult> outcome = baton.setMaxMemlock(new MemlockRequest(vm.pid(), lower, false));

            assertEquals(Verification.VERIFIED, outcome.verification());
            assertTrue(outcome.result().changed());
            assertEquals(before, outcome.result().before());
            assertEquals(MemlockLimits.both(lower), outcome.result().after());
            assertEquals(MemlockLimits.both(lower), ProcFs.memlockLimits(vm.pid()));
            assertEquals(List.of(List.of("memlock", "--pid", Integer.toString(vm.pid()), "--bytes",
                    Long.toString(lower.bytes()))), helper.invocations());
        }
    }

    @Test
    void onlyRaiseWithAHardLimitThatAlreadyCoversChangesNothingAndRunsNoHelper() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());

            Outcome<MemlockResult> outcome =
                    baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), MemlockLimit.ofBytes(4096)));

            assertFalse(outcome.result().changed());
            assertEquals(before, outcome.result().after());
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(List.of(), helper.invocations());
        }
    }
}
