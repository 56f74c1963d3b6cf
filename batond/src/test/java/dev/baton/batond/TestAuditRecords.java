package dev.baton.batond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.testing.BatondFixture;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.varlink.VarlinkClient;
import dev.baton.varlink.VarlinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the audit log says about each decision, read back as JSON; batond runs in this JVM, the caller is root. */
final class TestAuditRecords {
    private BatondFixture batond;

    @BeforeEach
    void requireRoot() {
        Prerequisites.requireRoot();
    }

    @AfterEach
    void stop() {
        if (batond != null) {
            batond.close();
        }
    }

    private static ObjectNode fifo(int pid, int tid, int priority) {
        ObjectNode params = JsonNodeFactory.instance.objectNode().put("apiVersion", 1).put("pid", pid)
                .put("policy", "fifo").put("priority", priority);
        params.putArray("tids").add(tid);
        return params;
    }

    /** Calls {@code params}, expects NotAuthorized with {@code reason}, and returns the one record it wrote. */
    private JsonNode denied(ObjectNode params, String reason) throws Exception {
        int before = batond.audit().size();
        try (VarlinkClient client = VarlinkClient.connect(batond.socket())) {
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.SET_SCHEDULER, params));
            assertEquals(DelegationInterface.NOT_AUTHORIZED, e.errorName());
            assertEquals(reason, e.parameters().path("reason").asText());
        }
        List<JsonNode> records = batond.audit();
        assertEquals(before + 1, records.size(), "one record per refused call: " + records);
        JsonNode record = records.get(before);
        assertEquals("deny", record.path("event").asText());
        assertEquals("NotAuthorized", record.path("error").path("kind").asText());
        assertEquals("not authorized: " + reason, record.path("error").path("message").asText());
        assertEquals(params.path("pid").asInt(), record.path("target").asInt());
        assertEquals("scheduler", record.path("hook").asText());
        return record;
    }

    @Test
    void aDenialByTheRulesLimitsNamesTheRule() throws Exception {
        batond = BatondFixture.start(TestDaemonProtocol.ROOT_POLICY);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            JsonNode deny = denied(fifo(vm.pid(), vm.tid("CPU 0/KVM"), 50),
                    "priority 50 exceeds the maximum 10 (rule 'root-tests')");
            assertEquals("root-tests", deny.path("rule").asText());
        }
    }

    /** Denied at grant time, after the rule admitted the values: the target is outside what the rule allows. */
    @Test
    void aDenialOfTheTargetNamesTheRule() throws Exception {
        batond = BatondFixture.start(TestDaemonProtocol.ROOT_POLICY);
        JsonNode deny = denied(fifo(1, 1, 1), "pid 1 (init) is never a delegation target (rule 'root-tests')");
        assertEquals("root-tests", deny.path("rule").asText());
    }

    @Test
    void aDenialBecauseNoRuleMatchesSaysSo() throws Exception {
        batond = BatondFixture.start("""
                clients:
                  - name: someone-else
                    match: { uids: [4242] }
                    inspect: true
                """);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            int before = batond.audit().size();
            try (VarlinkClient client = VarlinkClient.connect(batond.socket())) {
                VarlinkException e = assertThrows(VarlinkException.class,
                        () -> client.call(DelegationInterface.SET_SCHEDULER, fifo(vm.pid(), vm.tid("CPU 0/KVM"), 1)));
                assertEquals(DelegationInterface.NOT_AUTHORIZED, e.errorName());
                assertTrue(e.parameters().path("reason").asText().startsWith("no policy rule matches the caller (uid 0,"
                        + " gid 0, cgroup "), e.parameters().toString());
            }
            JsonNode deny = batond.audit().get(before);
            assertEquals("deny", deny.path("event").asText());
            assertTrue(deny.has("rule") && deny.get("rule").isNull(), "no rule: " + deny);
            assertTrue(deny.path("error").path("message").asText().startsWith("not authorized: no policy rule matches"
                    + " the caller (uid 0, gid 0, cgroup "), deny.toString());
        }
    }

    @Test
    void anAllowedCallNamesItsRuleInBothRecords() throws Exception {
        batond = BatondFixture.start(TestDaemonProtocol.ROOT_POLICY);
        try (QemuLikeChild vm = QemuLikeChild.start(1); VarlinkClient client = VarlinkClient.connect(batond.socket())) {
            client.call(DelegationInterface.SET_SCHEDULER, fifo(vm.pid(), vm.tid("CPU 0/KVM"), 1));
        }
        List<JsonNode> records = batond.audit();
        assertEquals(List.of("allow", "result"), records.stream().map(r -> r.path("event").asText()).toList());
        assertEquals("root-tests", records.get(0).path("rule").asText());
        assertEquals("root-tests", records.get(1).path("rule").asText());
        assertEquals(records.get(0).path("seq").asLong(), records.get(1).path("call").asLong());
    }

    @Test
    void theAuditFileIsCreatedReadableByRootOnly() throws Exception {
        batond = BatondFixture.start(TestDaemonProtocol.ROOT_POLICY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(batond.auditFile())));
    }
}
