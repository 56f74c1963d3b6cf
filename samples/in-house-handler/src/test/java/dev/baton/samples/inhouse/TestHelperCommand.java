package dev.baton.samples.inhouse;

import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The helper's argument vector: made of typed values, and every value checked so that it can only ever be one
 * argument, never an option or shell syntax.
 */
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

    /** Each of these would be a second argument, an option, or shell syntax somewhere between here and the kernel. */
    static List<String> hostileValues() {
        return List.of("a b", "tab\there", "it's", "say \"hi\"", "a;reboot", "$(id)", "`id`", "${IFS}", "x|y", "x&y",
                "x>y", "*", "a?", "[ab]", "~root", "line\nbreak", "cr\rlf", "nul\0byte", "\u001b[31m", "", "x".repeat(257));
    }

    @ParameterizedTest
    @MethodSource("hostileValues")
    void aHostileValueIsRefusedBeforeTheHelperRuns(String value) {
        HelperCommand.Builder command = HelperCommand.command(HELPER, "housekeeping");

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> command.option("cgroup", value));

        assertTrue(e.getMessage().startsWith("invalid request: cgroup value '"), e.getMessage());
        assertTrue(e.getMessage().endsWith("is not passed to the site helper: only letters, digits and . _ , : + = @ / -"
                + " are (at most 256, not starting with '-')"), e.getMessage());
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u001b"), "the message is one safe line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-rf", "--pid=1", "--", "-", "-1"})
    void aValueThatLooksLikeAnOptionIsRefused(String value) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> HelperCommand.command(HELPER, "housekeeping").option("cgroup", value));

        assertEquals("invalid request: cgroup value '" + value + "' starts with '-', which the site helper would read"
                + " as an option; it is not passed", e.getMessage());
    }

    @Test
    void typedValuesPassTheSameGate() {
        // The SPI refuses a negative pid already; if it ever did not, "-1" would still not reach the helper.
        assertThrows(InvalidRequestException.class,
                () -> HelperCommand.sched(HELPER, -1, 2, SchedPolicy.FIFO, 1, List.of()));
    }

    @Test
    void anAcceptedValueIsExactlyOneArgumentRightAfterItsOption() {
        assertEquals(List.of("/usr/local/sbin/site-rt-helper", "housekeeping", "--cgroup", "vm-42_house.keeping",
                        "--cpus", "0-3,8"),
                HelperCommand.command(HELPER, "housekeeping").option("cgroup", "vm-42_house.keeping")
                        .option("cpus", "0-3,8").build().argv());
    }
}
