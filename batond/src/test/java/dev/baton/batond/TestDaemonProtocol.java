package dev.baton.batond;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.batond.testing.BatondFixture;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.varlink.VarlinkClient;
import dev.baton.varlink.VarlinkErrors;
import dev.baton.varlink.VarlinkException;
import dev.baton.varlink.VarlinkReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** batond's protocol surface, spoken to directly with our varlink client and with raw bytes (the test runs as root). */
final class TestDaemonProtocol {
    static final String ROOT_POLICY = """
            clients:
              - name: root-tests
                match: { uids: [0] }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 8 }
                inspect: true
            """;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BatondFixture batond;

    @BeforeEach
    void start() {
        Prerequisites.requireRoot();
        batond = BatondFixture.start(ROOT_POLICY);
    }

    @AfterEach
    void stop() {
        if (batond != null) {
            batond.close();
        }
    }

    private VarlinkClient client() throws Exception {
        return VarlinkClient.connect(batond.socket());
    }

    private static ObjectNode versions(int... versions) {
        ObjectNode params = NODES.objectNode();
        var list = params.putArray("clientVersions");
        for (int v : versions) {
            list.add(v);
        }
        return params;
    }

    @Test
    void negotiatePicksTheHighestCommonVersion() throws Exception {
        try (VarlinkClient client = client()) {
            ObjectNode reply = client.call(DelegationInterface.NEGOTIATE, versions(1, 7));
            assertEquals(1, reply.path("apiVersion").asInt());
            assertEquals("[1]", reply.path("daemonVersions").toString());
            assertEquals("[\"memlock\",\"scheduler\",\"housekeeping\",\"inspect\"]", reply.path("hooks").toString());
            assertTrue(reply.path("daemon").asText().startsWith("batond "));
        }
    }

    @Test
    void aClientWithNoCommonVersionGetsApiVersionMismatch() throws Exception {
        try (VarlinkClient client = client()) {
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.NEGOTIATE, versions(2, 3)));
            assertEquals(DelegationInterface.API_VERSION_MISMATCH, e.errorName());
            assertEquals(3, e.parameters().path("requested").asInt());
            assertEquals("[1]", e.parameters().path("supported").toString());
        }
    }

    @Test
    void aCallInAnotherVersionGetsApiVersionMismatchBeforeAnythingElse() throws Exception {
        try (VarlinkClient client = client()) {
            ObjectNode params = NODES.objectNode().put("apiVersion", 2).put("pid", 1).put("bogus", true);
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.INSPECT_PROCESS, params));
            assertEquals(DelegationInterface.API_VERSION_MISMATCH, e.errorName());
            assertEquals(2, e.parameters().path("requested").asInt());
            assertEquals("ApiVersionMismatch", batond.lastAudit("invalid").path("error").path("kind").asText()
                    .replace(DelegationInterface.NAME + ".", ""));
        }
    }

    @Test
    void nullParametersAreAcceptedAndValidated() throws Exception {
        try (VarlinkClient client = client()) {
            ObjectNode info = client.call("org.varlink.service.GetInfo", null);
            assertEquals("batond", info.path("product").asText());
            assertTrue(info.path("interfaces").toString().contains(DelegationInterface.NAME));
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.INSPECT_PROCESS, null));
            assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName());
            assertEquals("apiVersion", e.parameters().path("parameter").asText());
        }
    }

    @Test
    void theIdlIsServed() throws Exception {
        try (VarlinkClient client = client()) {
            ObjectNode reply = client.call("org.varlink.service.GetInterfaceDescription",
                    NODES.objectNode().put("interface", DelegationInterface.NAME));
            assertEquals(DelegationInterface.IDL, reply.path("description").asText());
        }
    }

    @Test
    void pipelinedCallsAreAnsweredInOrder() throws Exception {
        try (QemuLikeChild vm = QemuLikeChild.start(1); VarlinkClient client = client()) {
            client.send(DelegationInterface.NEGOTIATE, versions(1));
            client.send(DelegationInterface.INSPECT_PROCESS, NODES.objectNode().put("apiVersion", 1).put("pid", vm.pid()));
            client.send(DelegationInterface.INSPECT_PROCESS, NODES.objectNode().put("apiVersion", 1).put("pid", 1));
            client.send("org.varlink.service.GetInfo", null);
            VarlinkReply first = client.receive();
            VarlinkReply second = client.receive();
            VarlinkReply third = client.receive();
            VarlinkReply fourth = client.receive();
            assertEquals(1, first.parameters().path("apiVersion").asInt());
            assertEquals(vm.pid(), second.parameters().path("pid").asInt());
            assertEquals(DelegationInterface.NOT_AUTHORIZED, third.error());
            assertEquals("pid 1 (init) is never a delegation target (rule 'root-tests')",
                    third.parameters().path("reason").asText());
            assertEquals("batond", fourth.parameters().path("product").asText());
        }
    }

    @Test
    void aPeerThatDisconnectsMidCallDoesNotDisturbOthers() throws Exception {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            for (int i = 0; i < 5; i++) {
                try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    raw.connect(UnixDomainSocketAddress.of(batond.socket()));
                    String call = "{\"method\":\"" + DelegationInterface.INSPECT_PROCESS
                            + "\",\"parameters\":{\"apiVersion\":1,\"pid\":" + vm.pid() + "}}\0";
                    raw.write(ByteBuffer.wrap(call.getBytes(StandardCharsets.UTF_8)));
                } // closed before reading the reply
            }
            try (VarlinkClient client = client()) {
                ObjectNode reply = client.call(DelegationInterface.INSPECT_PROCESS,
                        NODES.objectNode().put("apiVersion", 1).put("pid", vm.pid()));
                assertEquals(vm.pid(), reply.path("pid").asInt());
            }
        }
    }

    @Test
    void anUnwritableAuditLogMakesBatondRefuseToAct() throws Exception {
        batond.close();
        batond = BatondFixture.start(ROOT_POLICY, Map.of(), Path.of("/dev/full")); // a disk that is always full
        try (QemuLikeChild vm = QemuLikeChild.start(1); VarlinkClient client = client()) {
            int vcpu = vm.tid("CPU 0/KVM");
            ObjectNode params = NODES.objectNode().put("apiVersion", 1).put("pid", vm.pid())
                    .put("policy", "fifo").put("priority", 1);
            params.putArray("tids").add(vcpu);
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.SET_SCHEDULER, params));
            assertEquals(DelegationInterface.NOT_AUTHORIZED, e.errorName());
            assertEquals("batond cannot write its audit log and refuses to act unaudited (cannot write the audit log"
                    + " /dev/full: No space left on device)", e.parameters().path("reason").asText());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy());
        }
    }

    @Test
    void aMalformedParameterIsInvalidParameterNamingIt() throws Exception {
        try (VarlinkClient client = client()) {
            ObjectNode params = NODES.objectNode().put("apiVersion", 1).put("pid", "4242");
            VarlinkException e = assertThrows(VarlinkException.class,
                    () -> client.call(DelegationInterface.INSPECT_PROCESS, params));
            assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName());
            assertEquals("pid", e.parameters().path("parameter").asText());
            assertEquals(List.of("invalid"), batond.audit().stream().map(r -> r.path("event").asText()).toList());
        }
    }
}
