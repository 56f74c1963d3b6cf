package dev.baton.varlink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parsing and writing of varlink messages (one JSON object each; the NUL terminator belongs to the transport and
 * is handled by the framing code). Every check that makes a message malformed lives here, so that the server
 * and the client agree on what "malformed" means.
 */
final class VarlinkJson {

    /** Deep enough for any sane interface; shallow enough that hostile nesting is refused long before a stack is. */
    static final int MAX_NESTING_DEPTH = 64;
    /** A 64-bit integer has at most 20 digits; a double printed in full, about 25. Anything longer is an attack. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** Object keys are field names or dictionary keys; 64 KiB is far beyond any legitimate one. */
    static final int MAX_NAME_LENGTH = 64 * 1024;

    /**
     * interface_name of the UAPI.20 grammar. Possessive quantifiers, because the name comes from the peer and a
     * backtracking pattern over a megabyte of "a.a.a..." would burn CPU for minutes.
     */
    static final Pattern INTERFACE_NAME =
            Pattern.compile("[A-Za-z](?:-*+[A-Za-z0-9])*+(?:\\.[A-Za-z0-9](?:-*+[A-Za-z0-9])*+)++");
    /** Type, method and error names. */
    static final Pattern MEMBER_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*+");
    /** Longer qualified names exist nowhere; refusing them early keeps the name checks cheap. */
    private static final int MAX_METHOD_LENGTH = 1024;

    private static final Set<String> CALL_MEMBERS = Set.of("method", "parameters", "oneway", "more", "upgrade");
    private static final Set<String> REPLY_MEMBERS = Set.of("parameters", "continues", "error");

    private final JsonMapper mapper;

    VarlinkJson(int maxMessageBytes) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(maxMessageBytes)
                .maxNameLength(Math.min(MAX_NAME_LENGTH, maxMessageBytes))
                .maxDocumentLength(maxMessageBytes)
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(constraints)
                // Two "method" members would let a proxy and the server disagree on what is called.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
    }

    /** A parsed call header; {@code parameters} is never null (absent and null both mean "empty"). */
    record CallHeader(String method, ObjectNode parameters, boolean oneway, boolean more) {
        String interfaceName() {
            return method.substring(0, method.lastIndexOf('.'));
        }
    }

    /** Parses one NUL-stripped call frame; anything the spec calls malformed becomes a protocol exception. */
    CallHeader parseCall(byte[] frame) throws VarlinkProtocolException {
        ObjectNode message = parseObject(frame);
        checkMembers(message, CALL_MEMBERS);
        JsonNode method = message.get("method");
        if (method == null || !method.isTextual()) {
            throw new VarlinkProtocolException("call without a method string");
        }
        if (!isQualifiedMethod(method.textValue())) {
            throw new VarlinkProtocolException("not a qualified method name");
        }
        boolean oneway = flag(message, "oneway");
        boolean more = flag(message, "more");
        boolean upgrade = flag(message, "upgrade");
        if ((oneway ? 1 : 0) + (more ? 1 : 0) + (upgrade ? 1 : 0) > 1) {
            throw new VarlinkProtocolException("at most one of oneway, more and upgrade may be set");
        }
        if (upgrade) {
            // No method of this library takes over the connection, and after an upgrade request the bytes that
            // follow may belong to another protocol, so the stream can no longer be parsed as varlink.
            throw new VarlinkProtocolException("upgrade is not supported");
        }
        return new CallHeader(method.textValue(), parameters(message), oneway, more);
    }

    static boolean isQualifiedMethod(String method) {
        int dot = method.lastIndexOf('.');
        return method.length() <= MAX_METHOD_LENGTH
                && dot > 0
                && INTERFACE_NAME.matcher(method.substring(0, dot)).matches()
                && MEMBER_NAME.matcher(method.substring(dot + 1)).matches();
    }

    /** Parses one NUL-stripped reply frame. */
    VarlinkReply parseReply(byte[] frame) throws VarlinkProtocolException {
        ObjectNode message = parseObject(frame);
        checkMembers(message, REPLY_MEMBERS);
        JsonNode error = message.get("error");
        if (error != null && !error.isNull() && !error.isTextual()) {
            throw new VarlinkProtocolException("reply error is not a string");
        }
        boolean continues = flag(message, "continues");
        String errorName = error == null || error.isNull() ? null : error.textValue();
        if (errorName != null && continues) {
            throw new VarlinkProtocolException("an error reply must not set continues");
        }
        return new VarlinkReply(parameters(message), continues, errorName);
    }

    byte[] writeCall(String method, ObjectNode parameters, boolean oneway, boolean more) {
        ObjectNode call = JsonNodeFactory.instance.objectNode();
        call.put("method", method);
        if (parameters != null && !parameters.isEmpty()) {
            call.set("parameters", parameters);
        }
        if (oneway) {
            call.put("oneway", true);
        }
        if (more) {
            call.put("more", true);
        }
        return write(call);
    }

    /** A reply; servers should omit empty parameters, and {@code continues} is only written when true. */
    byte[] writeReply(ObjectNode parameters, boolean continues, String errorName) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        if (parameters != null && !parameters.isEmpty()) {
            reply.set("parameters", parameters);
        }
        if (continues) {
            reply.put("continues", true);
        }
        if (errorName != null) {
            reply.put("error", errorName);
        }
        return write(reply);
    }

    private byte[] write(ObjectNode message) {
        try {
            return mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize varlink message", e);
        }
    }

    private ObjectNode parseObject(byte[] frame) throws VarlinkProtocolException {
        String text;
        try {
            // Jackson tolerates some invalid sequences (overlong forms, encoded surrogates); the JDK decoder
            // in REPORT mode does not, and the spec requires UTF-8.
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new VarlinkProtocolException("message is not valid UTF-8", e);
        }
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // Includes the StreamReadConstraints violations: nesting, number, string and name lengths.
            throw new VarlinkProtocolException("message is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new VarlinkProtocolException("message is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Unknown unprefixed members must close the connection; vendor members (containing a dot) are ignored. */
    private static void checkMembers(ObjectNode message, Set<String> known) throws VarlinkProtocolException {
        for (Map.Entry<String, JsonNode> member : message.properties()) {
            String name = member.getKey();
            if (!known.contains(name) && name.indexOf('.') < 0) {
                throw new VarlinkProtocolException("unknown message member: " + name);
            }
        }
    }

    private static boolean flag(ObjectNode message, String name) throws VarlinkProtocolException {
        JsonNode value = message.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new VarlinkProtocolException(name + " is not a boolean");
        }
        return value.booleanValue();
    }

    private static ObjectNode parameters(ObjectNode message) throws VarlinkProtocolException {
        JsonNode parameters = message.get("parameters");
        if (parameters == null || parameters.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!parameters.isObject()) {
            throw new VarlinkProtocolException("parameters is not an object");
        }
        return (ObjectNode) parameters;
    }
}
