package dev.baton.samples.inhouse;

import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The helper's argument vector is made of typed values only. */
final class TestHelperCommand {
    private static final Path HELPER = Path.of("/usr/local/sbin/site-rt-helper");

    @Test
    void schedNamesThePolicyByItsIdAndLeavesAffinityOutWhenNoneIsRequested() {
        assertEquals(List.of("/usr/local/sbin/site-rt-helper", "sched", "--pid", "4242", "--tid", "4250", "--policy",
                        "fifo", "--priority", "1"),
                HelperCommand.sched(HELPER, 4242, 4250, SchedPolicy.FIFO, 1, List.of()).argv());
    }

    @Test
    void schedPassesAffinityInTheKernelsCpuListSyntax() {
        assertEquals(List.of("/usr/local/sbin/site-rt-helper", "sched", "--pid", "1", "--tid", "2", "--policy", "other",
                        "--priority", "0", "--cpus", "0-2,5"),
                HelperCommand.sched(HELPER, 1, 2, SchedPolicy.OTHER, 0, List.of(5, 0, 1, 2)).argv());
    }

    @Test
    void memlockPassesBytesOrTheWordUnlimited() {
        assertEquals(List.of("/usr/local/sbin/site-rt-helper", "memlock", "--pid", "7", "--bytes", "1073741824"),
                HelperCommand.memlock(HELPER, 7, MemlockLimit.ofBytes(1L << 30)).argv());
        assertEquals(List.of("/usr/local/sbin/site-rt-helper", "memlock", "--pid", "7", "--bytes", "unlimited"),
                HelperCommand.memlock(HELPER, 7, MemlockLimit.UNLIMITED).argv());
    }
}
