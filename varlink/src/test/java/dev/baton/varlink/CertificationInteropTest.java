package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with an implementation we did not write: varlink's Go certification client and server.
 * Each test spawns the Go binary and kills it afterwards.
 */
class CertificationInteropTest {

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private VarlinkServer certificationServer(Path socket, CertificationService service) throws Exception {
        return VarlinkServer.builder()
                .socketPath(socket)
                .service(service.build())
                .info("Baton", "varlink certification", "1", "https://example.invalid/baton")
                .build()
                .start();
    }

    /** Test A: our server, hosting the Java certification service, passes the Go certification client. */
    @Test
    void ourServerPassesTheGoCertificationClient() throws Exception {
        Path binary = GoCertification.require();
        Path socket = dir.resolve("cert.sock");
        Path output = dir.resolve("go-client.out");
        CertificationService service = new CertificationService();
        try (VarlinkServer server = certificationServer(socket, service)) {
            Process client = start(List.of(binary.toString(), "--client", "--varlink", "unix:" + socket), output);
            if (!client.waitFor(120, TimeUnit.SECONDS)) {
                fail("the Go certification client did not finish:\n" + Files.readString(output));
            }
            String log = Files.readString(output);
            assertEquals(0, client.exitValue(), log);
            // The Go client prints "<Step>() failed" and stops at the first failing step; "End: 'true'" is the
            // all_ok our service returns only after checking every step.
            assertFalse(log.contains("failed"), log);
            assertTrue(log.contains("End: 'true'"), log);
            assertEquals(1, service.certified.get(), "our service saw one flawless sequence");
        }
    }

    /** Test B: our client passes the certification sequence against the Go certification server. */
    @Test
    void ourClientPassesTheGoCertificationServer() throws Exception {
        Path binary = GoCertification.require();
        Path socket = dir.resolve("go-cert.sock");
        Path output = dir.resolve("go-server.out");
        Process server = start(List.of(binary.toString(), "--varlink", "unix:" + socket), output);
        awaitSocket(socket, server, output);

        try (VarlinkClient client = VarlinkClient.connect(socket)) {
            assertTrue(CertificationSequence.run(client), "End returned all_ok");

            // The Go server's org.varlink.service, read through our client and our IDL reader.
            ObjectNode info = client.call("org.varlink.service.GetInfo");
            List<String> interfaces = new ArrayList<>();
            info.path("interfaces").forEach(n -> interfaces.add(n.asText()));
            assertTrue(interfaces.contains(Certification.INTERFACE), info.toString());
            String idl = client.call("org.varlink.service.GetInterfaceDescription",
                    JsonNodeFactory.instance.objectNode().put("interface", Certification.INTERFACE))
                    .path("description").asText();
            assertEquals(IdlText.parse(Certification.IDL).methods(), IdlText.parse(idl).methods());
        }

        try (VarlinkClient client = VarlinkClient.connect(socket)) {
            // Pipelining against a server we did not write: two calls out, then two replies in order.
            client.send(Certification.INTERFACE + ".Start", null);
            client.send(Certification.INTERFACE + ".End",
                    JsonNodeFactory.instance.objectNode().put("client_id", "no-such-client"));
            assertTrue(client.receive().orThrow().hasNonNull("client_id"));
            assertEquals(Certification.CLIENT_ID_ERROR, client.receive().error());
        }
        assertTrue(server.isAlive(), "the Go server survived our calls:\n" + Files.readString(output));
    }

    /** Both Java sides against each other, so a failure above can be told apart from a self-inconsistency. */
    @Test
    void ourClientPassesOurServer() throws Exception {
        Path socket = dir.resolve("java-cert.sock");
        CertificationService service = new CertificationService();
        try (VarlinkServer server = certificationServer(socket, service);
             VarlinkClient client = VarlinkClient.connect(socket)) {
            assertTrue(CertificationSequence.run(client));
            assertEquals(1, service.certified.get());
        }
    }

    @Test
    void ourServerReportsAWrongStep() throws Exception {
        Path socket = dir.resolve("java-cert.sock");
        CertificationService service = new CertificationService();
        try (VarlinkServer server = certificationServer(socket, service);
             VarlinkClient client = VarlinkClient.connect(socket)) {
            String id = client.call(Certification.INTERFACE + ".Start").path("client_id").asText();
            VarlinkException e = org.junit.jupiter.api.Assertions.assertThrows(VarlinkException.class,
                    () -> client.call(Certification.INTERFACE + ".Test02",
                            JsonNodeFactory.instance.objectNode().put("client_id", id).put("bool", true)));
            assertEquals(Certification.CERTIFICATION_ERROR, e.errorName());
            assertEquals(Certification.INTERFACE + ".Test01", e.parameters().path("wants").path("method").asText());
            assertFalse(client.call(Certification.INTERFACE + ".End",
                    JsonNodeFactory.instance.objectNode().put("client_id", id)).path("all_ok").asBoolean());
        }
    }

    private Process start(List<String> command, Path output) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        processes.add(process);
        return process;
    }

    private static void awaitSocket(Path socket, Process server, Path output) throws Exception {
        long guard = System.currentTimeMillis() + 30_000;
        while (!Files.exists(socket)) {
            if (!server.isAlive() || System.currentTimeMillis() > guard) {
                fail("the Go certification server did not come up:\n" + Files.readString(output));
            }
            Thread.sleep(20);
        }
    }
}
