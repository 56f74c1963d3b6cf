package dev.baton.batond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.testing.BatondProcess;
import dev.baton.batond.testing.Closer;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.varlink.VarlinkClient;
import dev.baton.varlink.VarlinkErrors;
import dev.baton.varlink.VarlinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An audit log that cannot be written, for real: batond runs as its own process, with its stderr on /dev/full or
 * a pipe nobody reads, its audit file on /dev/full, or a file-size limit (RLIMIT_FSIZE) that lets the "allow" record
 * in and keeps the "result" record out. Each case asserts the caller's exact reply and what the operator is told.
 */
final class TestAuditFailures {
    private static final String POLICY = """
            clients:
              - name: root-tests
                match: { uids: [0] }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 8 }
                inspect: true
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Closer closer = new Closer();

    @BeforeEach
    void requireRoot() {
        Prerequisites.requireRoot();
    }

    @AfterEach
    void cleanUp() {
        closer.closeAll();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        return closer.register(resource);
    }

    private static ObjectNode fifo(QemuLikeChild vm, int tid, int priority) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("apiVersion", 1).put("pid", vm.pid())
                .put("policy", "fifo").put("priority", priority);
        params.putArray("tids").add(tid);
        return params;
    }

    /** The default audit destination is stderr: a full disk behind it must refuse, as for a file. */
    @Test
    void stderrOnAFullDeviceMakesBatondRefuseToAct() throws Exception {
        Path dir = BatondProcess.directory(POLICY);
        BatondProcess batond = closing(BatondProcess.start(dir, List.of(),
                ProcessBuilder.Redirect.to(new File("/dev/full"))));
        assertRefusesUnaudited(batond, "cannot write the audit log stderr: No space left on device");
    }

    /** stderr a pipe whose reader has gone (a crashed log collector): EPIPE must refuse, not vanish. */
    @Test
    void stderrOnAClosedPipeMakesBatondRefuseToAct() throws Exception {
        Path dir = BatondProcess.directory(POLICY);
        BatondProcess batond = closing(BatondProcess.start(dir, List.of(), ProcessBuilder.Redirect.PIPE));
        batond.closeStderrPipe();
        assertRefusesUnaudited(batond, "cannot write the audit log stderr: Broken pipe");
    }

    private void assertRefusesUnaudited(BatondProcess batond, String auditError) throws Exception {
        QemuLikeChild vm = closing(QemuLikeChild.start(1));
        int vcpu = vm.tid("CPU 0/KVM");
        try (VarlinkClient client = VarlinkClient.connect(batond.socket())) {
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.SET_SCHEDULER, fifo(vm, vcpu, 1)));
            assertEquals(DelegationInterface.NOT_AUTHORIZED, e.errorName());
            assertEquals("batond cannot write its audit log and refuses to act unaudited (" + auditError + ")",
                    e.parameters().path("reason").asText());
        }
        assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy(), "batond acted unaudited");
        assertTrue(batond.alive());
    }

    /**
     * A denial whose "deny" record cannot be written: nothing was done, so the caller still gets its exact denial
     * (not a dropped connection), the connection keeps serving, and the operator's log names the lost record.
     */
    @Test
    void aDenialThatCannotBeAuditedIsStillAnsweredAndTheOperatorIsTold() throws Exception {
        Path dir = BatondProcess.directory(POLICY);
        BatondProcess batond = closing(BatondProcess.start(dir, List.of("--audit", "/dev/full"),
                ProcessBuilder.Redirect.PIPE).captureStderr());
        QemuLikeChild vm = closing(QemuLikeChild.start(1));
        int vcpu = vm.tid("CPU 0/KVM");
        try (VarlinkClient client = VarlinkClient.connect(batond.socket())) {
            VarlinkException denied = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.SET_SCHEDULER, fifo(vm, vcpu, 50)));
            assertEquals(DelegationInterface.NOT_AUTHORIZED, denied.errorName());
            assertEquals("priority 50 exceeds the maximum 10 (rule 'root-tests')",
                    denied.parameters().path("reason").asText());
            VarlinkException invalid = assertThrows(VarlinkException.class, () -> client.call(
                    DelegationInterface.INSPECT_PROCESS, JsonNodeFactory.instance.objectNode().put("apiVersion", 1)
                            .put("pid", "not a number")));
            assertEquals(VarlinkErrors.INVALID_PARAMETER, invalid.errorName());
            assertEquals("pid", invalid.parameters().path("parameter").asText());
        }
        long self = ProcessHandle.current().pid();
        String log = batond.awaitStderr("could not audit the deny of " + DelegationInterface.SET_SCHEDULER
                + " from peer pid=" + self + " uid=0 (NotAuthorized: not authorized: priority 50 exceeds the maximum 10"
                + " (rule 'root-tests')): cannot write the audit log /dev/full: No space left on device");
        assertTrue(log.contains("could not audit the invalid of " + DelegationInterface.INSPECT_PROCESS
                + " from peer pid=" + self + " uid=0 (" + VarlinkErrors.INVALID_PARAMETER), log);
        assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy());
    }

    /**
     * The "allow" record is written, the operation applied, and then the "result" record does not fit (the file has
     * reached batond's RLIMIT_FSIZE): the reply must say the change was applied, not that batond refused.
     */
    @Test
    void anAppliedCallWhoseResultCannotBeAuditedSaysSo() throws Exception {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/prlimit")), "/usr/bin/prlimit (util-linux)");
        Path dir = BatondProcess.directory(POLICY);
        Path audit = dir.resolve("audit.jsonl");
        BatondProcess batond = closing(BatondProcess.start(dir, List.of("--audit", audit.toString()),
                ProcessBuilder.Redirect.PIPE).captureStderr());
        QemuLikeChild vm = closing(QemuLikeChild.start(1));
        int vcpu = vm.tid("CPU 0/KVM");
        try (VarlinkClient client = VarlinkClient.connect(batond.socket())) {
            client.call(DelegationInterface.SET_SCHEDULER, fifo(vm, vcpu, 2)); // records 1 (allow) and 2 (result)
            int allowLength = Files.readAllLines(audit).get(0).length() + 1;
            // Room for the next "allow" record (the same length give or take the clock's digits), not its "result".
            long limit = Files.size(audit) + allowLength + 24;
            Process prlimit = new ProcessBuilder("/usr/bin/prlimit", "--pid", Long.toString(batond.pid()),
                    "--fsize=" + limit + ":unlimited").redirectErrorStream(true).start();
            assertEquals(0, prlimit.waitFor(), new String(prlimit.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));

            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.SET_SCHEDULER, fifo(vm, vcpu, 1)));
            String expected = "batond applied " + DelegationInterface.SET_SCHEDULER + " to pid " + vm.pid()
                    + " but could not audit its result (cannot write the audit log " + audit + ": File too large);"
                    + " its 'allow' record, seq 3, is the last trace of it in the audit log";
            assertEquals(DelegationInterface.OPERATION_FAILED, e.errorName());
            assertEquals(expected, e.parameters().path("message").asText());
            assertEquals(5, e.parameters().path("errno").asInt(), "EIO");
            batond.awaitStderr(expected);
        }
        SchedState state = ThreadScheduling.read(vcpu);
        assertEquals(SchedPolicy.FIFO, state.policy(), "the reply said applied");
        assertEquals(1, state.priority(), "the reply said applied");
        JsonNode allow = JSON.readTree(Files.readAllLines(audit).get(2));
        assertEquals("allow", allow.path("event").asText());
        assertEquals(3, allow.path("seq").asLong());
        assertEquals(1, allow.path("parameters").path("priority").asInt());
    }
}
