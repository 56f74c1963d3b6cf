package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** org.varlink.service and the routing errors, through the real client. */
class ServiceInterfaceTest {

    @TempDir
    static Path dir;
    static ServerFixture fixture;
    static VarlinkClient client;

    @BeforeAll
    static void start() throws Exception {
        fixture = new ServerFixture(dir);
        client = fixture.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        fixture.close();
    }

    private static ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static VarlinkException fails(String method, ObjectNode parameters) {
        return assertThrows(VarlinkException.class, () -> client.call(method, parameters));
    }

    @Test
    void getInfoDescribesTheServiceAndListsItsInterfaces() throws Exception {
        ObjectNode info = client.call("org.varlink.service.GetInfo");
        assertEquals("Baton", info.path("vendor").asText());
        assertEquals("varlink tests", info.path("product").asText());
        assertEquals("1", info.path("version").asText());
        assertEquals("https://example.invalid/baton", info.path("url").asText());
        assertEquals(List.of("org.varlink.service", "dev.baton.test"),
                List.of(info.path("interfaces").get(0).asText(), info.path("interfaces").get(1).asText()));
        assertEquals(2, info.path("interfaces").size());
    }

    @Test
    void getInterfaceDescriptionReturnsTheIdlTextVerbatim() throws Exception {
        ObjectNode reply = client.call("org.varlink.service.GetInterfaceDescription",
                params().put("interface", "dev.baton.test"));
        assertEquals(TestService.IDL, reply.path("description").asText());
    }

    @Test
    void theServiceInterfacePublishesItsOwnIdl() throws Exception {
        String idl = client.call("org.varlink.service.GetInterfaceDescription",
                params().put("interface", "org.varlink.service")).path("description").asText();
        assertTrue(idl.contains("interface org.varlink.service"), idl);
        for (String member : List.of("method GetInfo()", "method GetInterfaceDescription(interface: string)",
                "error InterfaceNotFound (interface: string)", "error MethodNotFound (method: string)",
                "error MethodNotImplemented (method: string)", "error InvalidParameter (parameter: string)",
                "error PermissionDenied ()", "error ExpectedMore ()")) {
            assertTrue(idl.contains(member), member);
        }
    }

    @Test
    void describingAnUnknownInterfaceIsInterfaceNotFound() {
        VarlinkException e = fails("org.varlink.service.GetInterfaceDescription", params().put("interface", "org.nope"));
        assertEquals(VarlinkErrors.INTERFACE_NOT_FOUND, e.errorName());
        assertEquals("org.nope", e.parameters().path("interface").asText());
    }

    @Test
    void callingAnUnknownInterfaceIsInterfaceNotFound() {
        VarlinkException e = fails("org.nope.Method", params());
        assertEquals(VarlinkErrors.INTERFACE_NOT_FOUND, e.errorName());
        assertEquals("org.nope", e.parameters().path("interface").asText());
    }

    @Test
    void callingAnUndeclaredMethodIsMethodNotFound() {
        VarlinkException e = fails("dev.baton.test.Nope", params());
        assertEquals(VarlinkErrors.METHOD_NOT_FOUND, e.errorName());
        assertEquals("dev.baton.test.Nope", e.parameters().path("method").asText());
    }

    @Test
    void callingADeclaredMethodWithoutHandlerIsMethodNotImplemented() {
        VarlinkException e = fails("dev.baton.test.Unimplemented", params());
        assertEquals(VarlinkErrors.METHOD_NOT_IMPLEMENTED, e.errorName());
        assertEquals("dev.baton.test.Unimplemented", e.parameters().path("method").asText());
    }

    @Test
    void theBindingTurnsBadParametersIntoInvalidParameterNamingThem() {
        assertInvalid("b", params().put("a", 1));                                  // missing
        assertInvalid("b", params().put("a", 1).putNull("b"));                     // null for a non-nullable
        assertInvalid("a", params().put("a", "1").put("b", 2));                    // string for int
        assertInvalid("a", params().put("a", 1.5).put("b", 2));                    // fraction for int
        assertInvalid("a", params().put("a", 1L << 40).put("b", 2));               // overflows int
        assertInvalid("a", params().put("a", new java.math.BigInteger("18446744073709551616")).put("b", 2));
        assertInvalid("c", params().put("a", 1).put("b", 2).put("c", 3));          // unknown
        ObjectNode nested = params().put("a", 1).put("b", 2);
        nested.putArray("pairs").addObject().put("first", 1).put("second", 2);
        assertInvalid("pairs[0].second", nested);                                  // nested wrong type
    }

    @Test
    void nullableParametersMayBeAbsentOrNull() throws Exception {
        assertEquals(3, client.call("dev.baton.test.Add", params().put("a", 1).put("b", 2)).path("sum").asInt());
        assertEquals(3, client.call("dev.baton.test.Add",
                params().put("a", 1).put("b", 2).putNull("note").putNull("pairs")).path("sum").asInt());
    }

    @Test
    void getInfoRefusesUnknownParameters() {
        assertEquals("x", fails("org.varlink.service.GetInfo", params().put("x", 1))
                .parameters().path("parameter").asText());
    }

    @Test
    void getInterfaceDescriptionRequiresItsParameter() {
        VarlinkException e = fails("org.varlink.service.GetInterfaceDescription", params());
        assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName());
        assertEquals("interface", e.parameters().path("parameter").asText());
    }

    private static void assertInvalid(String parameter, ObjectNode parameters) {
        VarlinkException e = fails("dev.baton.test.Add", parameters);
        assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName(), parameters::toString);
        assertEquals(parameter, e.parameters().path("parameter").asText(), parameters::toString);
    }
}
