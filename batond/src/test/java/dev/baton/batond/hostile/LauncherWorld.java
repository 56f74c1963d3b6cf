package dev.baton.batond.hostile;

import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.batond.testing.BatondFixture;
import dev.baton.cli.demo.DemoLauncher;
import dev.baton.cli.demo.LauncherSession;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.linux.testing.TestCgroup;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real batond, and the demo's launcher running as uid 65534 with no capabilities in a scratch cpuset "pod", with
 * its stand-in VM. Hostile calls go through the launcher's {@code raw} command: sent as-is on a fresh connection,
 * so client-side validation cannot stop them. The launcher's JVM writes UTF-8, so non-ASCII answers survive.
 */
final class LauncherWorld implements AutoCloseable {
    /** The rule every launcher-based class uses for uid 65534, plus an inspect-only rule for the root probe. */
    static final String POLICY = """
            clients:
              - name: launchers
                match: { uids: [65534] }
                targets: self-and-descendants
                memlock: { maxBytes: 67108864, allowUnlimited: false }
                scheduler: { policies: [fifo, rr, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 6 }
                housekeeping: { namePattern: "[a-z][a-z0-9-]{0,31}", maxCgroupsPerProcess: 2 }
                inspect: true
              - name: root-probe
                match: { uids: [0] }
                inspect: true
            """;

    final BatondFixture batond;
    final TestCgroup pod;
    final LauncherSession launcher;
    final AuditTrail audit;

    private LauncherWorld(BatondFixture batond, TestCgroup pod, LauncherSession launcher) {
        this.batond = batond;
        this.pod = pod;
        this.launcher = launcher;
        this.audit = new AuditTrail(batond.auditFile());
    }

    static LauncherWorld start(StagedClasspath staged, String policy) {
        BatondFixture batond = BatondFixture.start(policy);
        TestCgroup pod = null;
        LauncherSession launcher = null;
        try {
            pod = TestCgroup.v1Cpuset(true);
            launcher = LauncherSession.start(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-Dfile.encoding=UTF-8", "-Djna.tmpdir=" + staged.tmpDir(),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                    "-cp", staged.classpath(), DemoLauncher.class.getName(), batond.socket().toString()));
            pod.adopt(launcher.pid());
            launcher.startVm();
            return new LauncherWorld(batond, pod, launcher);
        } catch (RuntimeException e) {
            if (launcher != null) {
                launcher.close();
            }
            batond.close();
            if (pod != null) {
                pod.close();
            }
            throw e;
        }
    }

    int vmPid() {
        return launcher.vmPid();
    }

    int tid(String name) {
        return launcher.tid(name);
    }

    /** A raw call from the unprivileged launcher. */
    Answer raw(String method, String parameters) {
        return Answer.ofLauncher(launcher.status("raw " + method + " " + parameters));
    }

    /** The VM, the pod's tree, both hierarchies' top level, and batond's own threads. */
    Unchanged watch() {
        return Unchanged.watch().process(vmPid()).cgroupTree(pod.dir()).cgroupChildren(TestCgroup.V1_CPUSET)
                .cgroupChildren(TestCgroup.V2).neverRealtime((int) ProcessHandle.current().pid());
    }

    /** batond answers the root probe and the launcher's own well-formed call. */
    void assertServes() {
        Replies.assertServes(batond.socket(), vmPid());
        assertEquals(vmPid(), raw("dev.baton.delegation.InspectProcess", "{\"apiVersion\":1,\"pid\":" + vmPid() + "}")
                .assertOk().parameters().path("pid").asInt());
    }

    @Override
    public void close() {
        try {
            launcher.close();
        } finally {
            try {
                batond.close();
            } finally {
                pod.close();
            }
        }
    }
}
