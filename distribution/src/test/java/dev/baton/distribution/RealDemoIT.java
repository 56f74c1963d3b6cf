package dev.baton.distribution;

import dev.baton.linux.testing.Prerequisites;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/baton demo} as root, for real: batond, an unprivileged launcher, a launched VM and a live-migration
 * destination; then nothing of it may be left: no process by pid, no cgroup, no socket, no directory.
 */
final class RealDemoIT {
    @Test
    void theDemoRunsForRealAndLeavesNothingBehind() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        Set<Path> cgroupsBefore = CgroupDirectories.snapshot();

        Shell run = Shell.run(Map.of(), "bin/baton", "demo");

        String out = run.out();
        assertEquals(0, run.exit(), out + run.err());
        assertTrue(out.contains("running for real: batond as root, the launcher as uid 65534"), out);
        assertTrue(out.contains("3. the launcher on its own gets EPERM: permission denied: CAP_SYS_NICE is required"),
                out);
        long vm = pid(out, "It started the stand-in VM pid (\\d+),");
        long destination = pid(out, "starts a destination VM, pid (\\d+),");
        assertNotEquals(vm, destination);
        assertRows(out, vm, destination);
        assertTrue(out.contains("6. batond's audit log: 16 records"), out);

        for (long pid : List.of(pid(out, "1. batond \\(root, pid (\\d+)\\)"), pid(out, "2. the launcher, pid (\\d+),"),
                vm, destination)) {
            assertTrue(ProcessHandle.of(pid).isEmpty(), "process " + pid + " is gone\n" + out);
        }
        Path socket = Path.of(match(out, "serves (\\S+)"));
        assertFalse(Files.exists(socket), socket + " is gone");
        assertFalse(Files.exists(socket.getParent()), socket.getParent() + " is gone");
        assertEquals(List.of(), CgroupDirectories.created(cgroupsBefore, CgroupDirectories.snapshot()),
                "cgroups the demo left behind");
        assertTrue(out.contains("7. cleanup: batond, the launcher and both VMs are stopped"), out);
    }

    /** 8 rows, all verified; or, without CAP_SYS_RESOURCE, 7 and memlock's exact capability error. */
    private static void assertRows(String out, long vm, long destination) {
        List<String> rows = out.lines().filter(l -> l.matches("^(launch|migration) .*")).toList();
        assertEquals(8, rows.size(), out);
        List<String> notVerified = rows.stream().filter(l -> !l.endsWith("  verified")).toList();
        if (!notVerified.isEmpty()) {
            assertEquals(1, notVerified.size(), out);
            assertTrue(notVerified.get(0).matches("^launch +memlock +remote-handler +pid " + vm + " +permission denied:"
                    + " CAP_SYS_RESOURCE is required to raise the hard memlock limit of pid " + vm
                    + " from 8 MiB to 1 GiB +error: PermissionDenied$"), notVerified.get(0));
        }
        // The destination was never configured: each row is a real change, not a re-application.
        String migration = "^migration +%s +remote-handler +pid " + destination + ", %d thread\\(s\\) +%s +verified$";
        assertMatches(rows, String.format(migration, "scheduler", 4, "SCHED_OTHER/0 -> SCHED_FIFO/1 \\(applied\\)"));
        assertMatches(rows, String.format(migration, "scheduler", 1, "SCHED_OTHER/0 -> SCHED_FIFO/2 \\(applied\\)"));
        assertMatches(rows, String.format(migration, "housekeeping", 3,
                "(/baton-demo-destination-\\w+) -> \\1/housekeeping \\(created\\)"));
    }

    private static void assertMatches(List<String> rows, String regex) {
        assertTrue(rows.stream().anyMatch(row -> row.matches(regex)), regex + " in\n" + String.join("\n", rows));
    }

    private static long pid(String out, String regex) {
        return Long.parseLong(match(out, regex));
    }

    private static String match(String out, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        assertTrue(matcher.find(), regex + " in\n" + out);
        return matcher.group(1);
    }
}
