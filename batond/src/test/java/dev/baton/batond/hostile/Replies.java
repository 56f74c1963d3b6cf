package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.delegation.DelegationInterface;
import dev.baton.varlink.VarlinkClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames, answers and the "batond still serves everyone" probe shared by the hostile catalogue. */
final class Replies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NOT_AUTHORIZED = DelegationInterface.NOT_AUTHORIZED;
    static final String NO_SUCH_PROCESS = DelegationInterface.NO_SUCH_PROCESS;
    static final String INVALID_PARAMETER = "org.varlink.service.InvalidParameter";

    private Replies() {}

    /** One call frame (without the NUL); {@code parameters} is JSON text, inserted as is. */
    static String call(String method, String parameters) {
        return "{\"method\":\"" + method + "\",\"parameters\":" + parameters + "}";
    }

    /** An error or a reply: the demo launcher's "OK {...}" / "ERR name {...}", or a raw varlink reply frame. */
    record Answer(String error, JsonNode parameters) {
        static Answer ofLauncher(String line) {
            try {
                if (line.startsWith("OK ")) {
                    return new Answer(null, JSON.readTree(line.substring(3)));
                }
                if (line.startsWith("ERR ")) {
                    String[] parts = line.split(" ", 3);
                    return new Answer(parts[1], parts.length > 2 ? JSON.readTree(parts[2]) : JSON.createObjectNode());
                }
            } catch (IOException e) {
                throw new AssertionError("launcher answer is not JSON: " + line, e);
            }
            throw new AssertionError("not a launcher answer: " + line);
        }

        static Answer ofReply(JsonNode reply) {
            assertTrue(reply != null, "expected a reply, the connection was closed");
            assertFalse(reply.path("continues").asBoolean(false), "a reply to a non-streaming call continues: " + reply);
            return new Answer(reply.hasNonNull("error") ? reply.get("error").asText() : null,
                    reply.has("parameters") ? reply.get("parameters") : JSON.createObjectNode());
        }

        Answer assertError(String name, String field, String value) {
            assertEquals(name, error, "error of " + this);
            assertEquals(value, parameters.path(field).asText(), field + " of " + this);
            return this;
        }

        Answer assertNotAuthorized(String reason) {
            return assertError(NOT_AUTHORIZED, "reason", reason);
        }

        Answer assertInvalidParameter(String parameter) {
            return assertError(INVALID_PARAMETER, "parameter", parameter);
        }

        Answer assertOk() {
            assertEquals(null, error, "expected a reply, got " + this);
            return this;
        }

        @Override
        public String toString() {
            return (error == null ? "reply " : error + " ") + parameters;
        }
    }

    /** batond answers a root peer's well-formed calls: GetInfo, and InspectProcess of {@code pid} echoing it. */
    static void assertServes(Path socket, int pid) {
        try (VarlinkClient client = VarlinkClient.connect(socket)) {
            assertEquals("batond", client.call("org.varlink.service.GetInfo", null).path("product").asText());
            ObjectNode inspect = JsonNodeFactory.instance.objectNode().put("apiVersion", 1).put("pid", pid);
            assertEquals(pid, client.call(DelegationInterface.INSPECT_PROCESS, inspect).path("pid").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (dev.baton.varlink.VarlinkException e) {
            throw new AssertionError("batond refused a well-formed call: " + e.getMessage(), e);
        }
    }
}
