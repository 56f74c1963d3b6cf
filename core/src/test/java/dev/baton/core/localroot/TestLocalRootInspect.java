package dev.baton.core.localroot;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TestLocalRootInspect {
    @Test
    void inspectsARealProcessUnderAPidfd() throws Exception {
        Prerequisites.requireRoot();
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            Outcome<InspectResult> outcome = baton.inspect(new InspectRequest(vm.pid()));
            InspectResult result = outcome.result();
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath().toString(), result.exe());
            assertEquals(ProcessHandle.current().pid(), result.ppid());
            assertEquals(0, result.uid());
            assertEquals(ProcFs.stat(vm.pid()).startTime(), result.startTime());
            assertEquals(ProcFs.cgroups(vm.pid()), result.cgroups());
            assertEquals(ProcFs.memlockLimits(vm.pid()), result.memlock());
        }
    }

    @Test
    void anExitedProcessIsNoSuchProcess() {
        QemuLikeChild vm = QemuLikeChild.start(1);
        vm.close();
        try (Baton baton = LocalRootBaton.start()) {
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> baton.inspect(new InspectRequest(vm.pid())));
            assertEquals("no such process " + vm.pid(), e.getMessage());
        }
    }
}
