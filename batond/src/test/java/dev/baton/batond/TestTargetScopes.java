package dev.baton.batond;

import dev.baton.batond.testing.BatondFixture;
import dev.baton.batond.testing.LauncherProcess;
import dev.baton.cli.demo.LauncherSession;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The three {@code targets:} scopes and the {@code cgroupPrefix} match, with a real uid-65534 launcher living in a
 * scratch cgroup (its "pod"), against processes inside and outside it.
 */
final class TestTargetScopes {
    private static StagedClasspath staged;

    @BeforeAll
    static void stage() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
    }

    @AfterAll
    static void unstage() {
        if (staged != null) {
            staged.close();
        }
    }

    private static String policy(String match, String targets) {
        return "clients:\n  - name: scoped\n    match: " + match + "\n    targets: " + targets + "\n"
                + "    scheduler: { policies: [fifo], maxPriority: 10, maxRealtimeThreadsPerProcess: 16 }\n";
    }

    @Test
    void sameCgroupAllowsThePodAndNothingOutsideIt() {
        try (TestCgroup pod = TestCgroup.v1Cpuset(true)) {
            try (BatondFixture batond = BatondFixture.start(policy("{ uids: [65534] }", "same-cgroup"));
                 QemuLikeChild neighbour = QemuLikeChild.startAs(65533, 1);
                 QemuLikeChild rootInPod = QemuLikeChild.start(1); QemuLikeChild outsider = QemuLikeChild.start(1);
                 LauncherSession launcher = LauncherProcess.start(staged, batond.socket())) {
                pod.adopt(launcher.pid());
                pod.adopt(neighbour.pid());
                pod.adopt(rootInPod.pid());
                launcher.startVm();
                assertEquals("OK remote-handler VERIFIED", launcher.status("sched fifo 1 " + launcher.tid("CPU 0/KVM")));
                // Another user's process in the same pod is inside the scope: same-cgroup is about the pod, not uids.
                int neighbourVcpu = neighbour.tid("CPU 0/KVM");
                assertEquals("OK remote-handler VERIFIED",
                        launcher.status("sched-pid " + neighbour.pid() + " fifo 1 " + neighbourVcpu));
                // But not a process that runs with privilege the caller lacks, even inside the pod.
                int rootVcpu = rootInPod.tid("CPU 0/KVM");
                assertEquals("ERR NotAuthorized not authorized: pid " + rootInPod.pid() + " runs as root (uids"
                        + " 0/0/0/0); a caller of uid 65534 may not act on it (rule 'scoped')",
                        launcher.status("sched-pid " + rootInPod.pid() + " fifo 1 " + rootVcpu));
                assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(rootVcpu).policy());
                int outsiderVcpu = outsider.tid("CPU 0/KVM");
                assertEquals("ERR NotAuthorized not authorized: pid " + outsider.pid() + " (cgroup /) is outside the"
                        + " caller's cgroup " + pod.path() + " (rule 'scoped')",
                        launcher.status("sched-pid " + outsider.pid() + " fifo 1 " + outsiderVcpu));
                assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(outsiderVcpu).policy());
                launcher.close();
                neighbour.close();
                rootInPod.close();
            }
        }
    }

    @Test
    void sameUidAllowsTheCallersOwnProcessesOnly() {
        try (BatondFixture batond = BatondFixture.start(policy("{ uids: [65534] }", "same-uid"));
             QemuLikeChild roots = QemuLikeChild.start(1);
             LauncherSession launcher = LauncherProcess.start(staged, batond.socket())) {
            launcher.startVm();
            assertEquals("OK remote-handler VERIFIED", launcher.status("sched fifo 1 " + launcher.tid("CPU 0/KVM")));
            assertEquals("ERR NotAuthorized not authorized: pid " + roots.pid() + " belongs to uid 0, not to the"
                    + " caller's uid 65534 (rule 'scoped')",
                    launcher.status("sched-pid " + roots.pid() + " fifo 1 " + roots.tid("CPU 0/KVM")));
        }
    }

    @Test
    void aRuleCanMatchTheCallerByCgroupPrefix() {
        try (TestCgroup pod = TestCgroup.v1Cpuset(true)) {
            try (BatondFixture batond = BatondFixture.start(policy("{ cgroupPrefix: " + pod.path() + " }",
                    "self-and-descendants"));
                 LauncherSession outside = LauncherProcess.start(staged, batond.socket());
                 LauncherSession inside = LauncherProcess.start(staged, batond.socket())) {
                pod.adopt(inside.pid());
                inside.startVm();
                outside.startVm();
                assertEquals("OK remote-handler VERIFIED", inside.status("sched fifo 1 " + inside.tid("CPU 0/KVM")));
                assertEquals("ERR NotAuthorized not authorized: no policy rule matches the caller (uid 65534, gid"
                        + " 65534, cgroup /)", outside.status("sched fifo 1 " + outside.tid("CPU 0/KVM")));
                inside.close();
                outside.close();
            }
        }
    }
}
