package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages the spec calls malformed close the connection that sent them, without a reply, while another client
 * of the same server goes on unharmed.
 */
class ProtocolViolationTest {

    @TempDir
    Path dir;
    ServerFixture fixture;
    VarlinkClient bystander;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir, b -> b.maxMessageBytes(64 * 1024));
        bystander = fixture.client();
        assertBystanderWorks();
    }

    @AfterEach
    void stop() {
        bystander.close();
        fixture.close();
    }

    static Stream<Arguments> malformedMessages() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        return Stream.of(
                Arguments.of("an array", "[1,2,3]"),
                Arguments.of("a string", "\"dev.baton.test.Add\""),
                Arguments.of("a number", "42"),
                Arguments.of("null", "null"),
                Arguments.of("an empty message", ""),
                Arguments.of("broken JSON", "{\"method\":"),
                Arguments.of("trailing tokens", "{\"method\":\"org.varlink.service.GetInfo\"} {}"),
                Arguments.of("no method", "{\"parameters\":{}}"),
                Arguments.of("a method that is not a string", "{\"method\":42}"),
                Arguments.of("an unqualified method", "{\"method\":\"GetInfo\"}"),
                Arguments.of("a lowercase method name", "{\"method\":\"org.varlink.service.getInfo\"}"),
                Arguments.of("parameters that are not an object", "{\"method\":\"dev.baton.test.Add\",\"parameters\":[1]}"),
                Arguments.of("an unknown header member", "{\"method\":\"org.varlink.service.GetInfo\",\"id\":1}"),
                Arguments.of("a non-boolean flag", "{\"method\":\"org.varlink.service.GetInfo\",\"more\":\"yes\"}"),
                Arguments.of("oneway and more", "{\"method\":\"dev.baton.test.Count\",\"oneway\":true,\"more\":true}"),
                Arguments.of("upgrade", "{\"method\":\"org.varlink.service.GetInfo\",\"upgrade\":true}"),
                Arguments.of("duplicate members", "{\"method\":\"dev.baton.test.Crash\",\"method\":\"org.varlink.service.GetInfo\"}"),
                Arguments.of("10,000-deep nesting",
                        "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":" + deep + "}}"),
                Arguments.of("a 1000-digit number",
                        "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":" + "9".repeat(1000) + "}}"),
                Arguments.of("NaN", "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":NaN}}"),
                Arguments.of("a comment", "{\"method\":\"org.varlink.service.GetInfo\" /* hi */}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void closesTheConnection(String what, String message) throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage(message);
            peer.assertClosedByServer();
        }
        assertBystanderWorks();
    }

    static Stream<Arguments> invalidUtf8() {
        return Stream.of(
                Arguments.of("a stray continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("an overlong encoding of '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("an encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("a truncated sequence", new byte[] {(byte) 0xE2, (byte) 0x82}),
                Arguments.of("a byte never valid in UTF-8", new byte[] {(byte) 0xFF}));
    }

    @ParameterizedTest(name = "invalid UTF-8: {0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8InAStringClosesTheConnection(String what, byte[] bad) throws Exception {
        byte[] head = "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":\"x".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}}\0".getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(head, head.length + bad.length + tail.length);
        System.arraycopy(bad, 0, message, head.length, bad.length);
        System.arraycopy(tail, 0, message, head.length + bad.length, tail.length);
        try (RawPeer peer = fixture.raw()) {
            peer.sendBytes(message);
            peer.assertClosedByServer();
        }
        assertBystanderWorks();
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheConnectionWithoutBeingBuffered() throws Exception {
        byte[] huge = new byte[20 << 20]; // 20 MiB of spaces: valid JSON whitespace, never a complete message
        Arrays.fill(huge, (byte) ' ');
        try (RawPeer peer = fixture.raw()) {
            peer.sendUntilClosed(huge);
            peer.assertClosedByServer();
        }
        assertBystanderWorks();
    }

    @Test
    void aMessageJustUnderTheLimitIsAccepted() throws Exception {
        String prefix = "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":\"";
        String suffix = "\"}}";
        String message = prefix + "x".repeat(64 * 1024 - prefix.length() - suffix.length()) + suffix;
        assertEquals(64 * 1024, message.length());
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage(message);
            assertEquals(64 * 1024 - prefix.length() - suffix.length(),
                    peer.readMessage().path("parameters").path("value").asText().length());
        }
    }

    @Test
    void aMessageOneByteOverTheLimitIsRefused() throws Exception {
        String prefix = "{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":\"";
        String suffix = "\"}}";
        String message = prefix + "x".repeat(64 * 1024 + 1 - prefix.length() - suffix.length()) + suffix;
        try (RawPeer peer = fixture.raw()) {
            peer.sendUntilClosed((message + "\0").getBytes(StandardCharsets.UTF_8));
            peer.assertClosedByServer();
        }
        assertBystanderWorks();
    }

    @Test
    void aViolationDiscardsTheRestOfThePipeline() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.send("[]\0{\"method\":\"dev.baton.test.Mark\"}\0");
            peer.assertClosedByServer();
        }
        assertEquals(0, bystander.call("dev.baton.test.Marks").path("marks").asInt());
    }

    private void assertBystanderWorks() throws Exception {
        assertEquals(3, bystander.call("dev.baton.test.Add",
                JsonNodeFactory.instance.objectNode().put("a", 1).put("b", 2)).path("sum").asInt());
    }
}
