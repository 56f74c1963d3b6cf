package dev.baton.spi;

import dev.baton.spi.error.ClientText;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TestRequestValidation {
    private static String message(Runnable construction) {
        return assertThrows(InvalidRequestException.class, construction::run).getMessage();
    }

    @Test
    void pidsMustBePositive() {
        assertEquals("invalid request: pid must be > 0 (got 0)", message(() -> new InspectRequest(0)));
        assertEquals("invalid request: pid must be > 0 (got -1)", message(() -> new InspectRequest(-1)));
    }

    @Test
    void tidListsMustBeNonEmptyPositiveAndDistinct() {
        assertEquals("invalid request: tids must list at least one thread id",
                message(() -> SchedulerRequest.of(1, List.of(), SchedPolicy.OTHER, 0)));
        assertEquals("invalid request: tids must all be > 0 (got 0)",
                message(() -> SchedulerRequest.of(1, List.of(0), SchedPolicy.OTHER, 0)));
        assertEquals("invalid request: tids lists thread 7 twice",
                message(() -> SchedulerRequest.of(1, List.of(7, 7), SchedPolicy.OTHER, 0)));
    }

    @Test
    void realtimePrioritiesAre1To99AndOthersZero() {
        assertEquals("invalid request: priority for SCHED_RR must be 1..99 (got 0)",
                message(() -> SchedulerRequest.of(1, List.of(1), SchedPolicy.RR, 0)));
        assertEquals("invalid request: priority for SCHED_IDLE must be 0 (got 5)",
                message(() -> SchedulerRequest.of(1, List.of(1), SchedPolicy.IDLE, 5)));
        assertEquals(99, SchedulerRequest.of(1, List.of(1), SchedPolicy.FIFO, 99).priority());
    }

    @Test
    void cpusAreCheckedSortedAndDeduplicated() {
        assertEquals("invalid request: cpus must be CPU numbers from 0 to 8191 (got -1)",
                message(() -> new SchedulerRequest(1, List.of(1), SchedPolicy.FIFO, 1, List.of(-1), false)));
        assertEquals(List.of(0, 2, 3), new HousekeepingRequest(1, List.of(1), "hk", List.of(3, 0, 2, 3)).cpus());
        assertEquals(List.of(0, 1, 2, 3, 8), CpuList.parse("0-3,8"));
        assertEquals("0-3,8,10-11", CpuList.format(List.of(11, 0, 1, 2, 3, 8, 10)));
        assertEquals("invalid request: cpus must be a CPU list like 0-3,8 (got '3-1')", message(() -> CpuList.parse("3-1")));
    }

    @Test
    void cgroupNamesAreOneSafeComponent() {
        assertEquals("invalid request: cgroup must be a non-empty name",
                message(() -> new HousekeepingRequest(1, List.of(1), "", List.of())));
        assertTrue(message(() -> new HousekeepingRequest(1, List.of(1), "-rf", List.of())).endsWith("got '-rf'"));
        assertTrue(message(() -> new HousekeepingRequest(1, List.of(1), "a\nb", List.of())).endsWith("got 'a\\u000ab'"),
                "control characters are escaped in messages");
        assertEquals("housekeeping", new HousekeepingRequest(1, List.of(1), "housekeeping", List.of()).cgroup());
    }

    @Test
    void aStartTimeNamesTheTargetAndIsNeverNegative() {
        assertEquals(OptionalLong.empty(), new InspectRequest(42).startTime());
        assertEquals(OptionalLong.of(123), new InspectRequest(42).withStartTime(123).startTime());
        SchedulerRequest pinned = SchedulerRequest.of(42, List.of(43), SchedPolicy.FIFO, 1).withStartTime(7);
        assertEquals(OptionalLong.of(7), pinned.withResetOnFork().startTime(), "withResetOnFork keeps the pin");
        assertTrue(pinned.withResetOnFork().resetOnFork());
        assertEquals(OptionalLong.of(9), new HousekeepingRequest(42, List.of(43), "hk", List.of()).withStartTime(9)
                .startTime());
        assertEquals(OptionalLong.empty(), new MemlockRequest(42, MemlockLimit.UNLIMITED, true, null).startTime(),
                "null means unknown");
        assertEquals("invalid request: startTime must be >= 0 clock ticks since boot (got -1)",
                message(() -> new InspectRequest(42, OptionalLong.of(-1))));
    }

    @Test
    void clientTextCannotSteerATerminal() {
        assertEquals("plain-name_1", ClientText.printable("plain-name_1", 64));
        assertEquals("\\u0027quoted\\u0027 \\u005c", ClientText.printable("'quoted' \\", 64));
        assertEquals("a\\u000ab\\u007fc\\u009bd", ClientText.printable("a\nb\u007fc\u009bd", 64), "C0, DEL, C1");
        assertEquals("x\\u202eevil\\u2028y\\u2029z\\u200b", ClientText.printable("x\u202eevil\u2028y\u2029z\u200b", 64),
                "bidi override, line and paragraph separators, zero-width space");
        assertEquals("\\ud800", ClientText.printable("\ud800", 64), "a lone surrogate");
        assertEquals("fullwidth \uff48 stays", ClientText.printable("fullwidth \uff48 stays", 64),
                "printable non-ASCII is left alone");
        assertEquals("aaaa...(10 chars)", ClientText.printable("a".repeat(10), 4));
    }

    @Test
    void memlockLimitsPrintTheWayOperatorsReadThem() {
        assertEquals("8 MiB", MemlockLimit.ofBytes(8L << 20).toString());
        assertEquals("1 GiB", MemlockLimit.ofBytes(1L << 30).toString());
        assertEquals("1000 bytes", MemlockLimit.ofBytes(1000).toString());
        assertEquals("unlimited", MemlockLimit.UNLIMITED.toString());
        assertTrue(MemlockLimit.UNLIMITED.covers(MemlockLimit.ofBytes(Long.MAX_VALUE)));
        assertEquals("invalid request: bytes must be >= 0 or unlimited (got -2)", message(() -> MemlockLimit.ofBytes(-2)));
    }

    @Test
    void policiesParseFromTheirLowerCaseIds() {
        assertEquals(SchedPolicy.FIFO, SchedPolicy.parse("fifo"));
        assertEquals("invalid request: policy must be one of other, fifo, rr, batch, idle (got 'deadline')",
                message(() -> SchedPolicy.parse("deadline")));
    }

    @Test
    void hooksAreFoundByTheirIds() {
        assertEquals(Hook.SCHEDULER, Hook.byId("scheduler").orElseThrow());
        assertTrue(Hook.byId("sched").isEmpty());
        assertEquals("[1, 2]", InternalApi.describe(java.util.Set.of(2, 1)));
    }
}
