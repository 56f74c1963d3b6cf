package dev.baton.samples.inhouse;

import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings are checked when the plugin starts, with messages that name the setting. */
final class TestInHouseSettings {
    @Test
    void defaultsForwardEveryPolicyAndMemlockUpToPriorityTwo() {
        InHouseSettings settings = InHouseSettings.from(Map.of());

        assertEquals(Path.of("/usr/local/sbin/site-rt-helper"), settings.helper());
        assertEquals(Duration.ofSeconds(10), settings.timeout());
        assertEquals("allow=sched,memlock maxPriority=2", settings.allow().toString());
        for (SchedPolicy policy : SchedPolicy.values()) {
            int priority = policy.isRealtime() ? 2 : 0;
            assertDoesNotThrow(() -> settings.allow().checkScheduler(SchedulerRequest.of(1, List.of(1), policy, priority)));
        }
        assertDoesNotThrow(() -> settings.allow().checkMemlock(MemlockRequest.raiseTo(1, MemlockLimit.UNLIMITED)));
    }

    @Test
    void anAllowListNarrowsPoliciesAndCanLeaveMemlockOut() {
        AllowList allow = AllowList.parse(" sched:fifo , sched:other ", 1);

        assertDoesNotThrow(() -> allow.checkScheduler(SchedulerRequest.of(1, List.of(1), SchedPolicy.FIFO, 1)));
        assertDoesNotThrow(() -> allow.checkScheduler(SchedulerRequest.of(1, List.of(1), SchedPolicy.OTHER, 0)));
        assertThrows(NotAuthorizedException.class,
                () -> allow.checkScheduler(SchedulerRequest.of(1, List.of(1), SchedPolicy.RR, 1)));
        assertThrows(NotAuthorizedException.class,
                () -> allow.checkMemlock(MemlockRequest.raiseTo(1, MemlockLimit.ofBytes(1))));
    }

    @Test
    void anEmptyAllowListForwardsNothing() {
        AllowList allow = AllowList.parse("", 99);

        assertEquals("allow=(nothing) maxPriority=99", allow.toString());
        assertThrows(NotAuthorizedException.class,
                () -> allow.checkScheduler(SchedulerRequest.of(1, List.of(1), SchedPolicy.OTHER, 0)));
    }

    @Test
    void badSettingsNameTheSettingAndWhatIsExpected() {
        assertEquals("plugins.in-house.allow lists 'shed', which is not memlock, sched or sched:<policy>",
                assertThrows(IllegalArgumentException.class, () -> InHouseSettings.from(Map.of("allow", "shed")))
                        .getMessage());
        assertEquals("plugins.in-house.allow lists 'sched:deadline', but policies are other, fifo, rr, batch, idle",
                assertThrows(IllegalArgumentException.class,
                        () -> InHouseSettings.from(Map.of("allow", "sched:deadline"))).getMessage());
        assertEquals("plugins.in-house.maxPriority must be an integer from 1 to 99 (got '100')",
                assertThrows(IllegalArgumentException.class, () -> InHouseSettings.from(Map.of("maxPriority", "100")))
                        .getMessage());
        assertEquals("plugins.in-house.timeoutSeconds must be an integer from 1 to 600 (got 'soon')",
                assertThrows(IllegalArgumentException.class,
                        () -> InHouseSettings.from(Map.of("timeoutSeconds", "soon"))).getMessage());
    }

    @Test
    void theHelperMustBeAnAbsoluteNormalizedPath() {
        for (String path : List.of("site-rt-helper", "./site-rt-helper", "/usr/local/sbin/../bin/sh")) {
            assertThrows(IllegalArgumentException.class, () -> InHouseSettings.from(Map.of("helper", path)), path);
        }
        assertEquals(Path.of("/opt/site/bin/rt-helper"),
                InHouseSettings.from(Map.of("helper", "/opt/site/bin/rt-helper")).helper());
    }
}
