package dev.baton.varlink;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values and types of {@code org.varlink.certification}: what each step sends and what it must get back.
 * Shared by the Java server (checks what clients send) and the Java client driver (checks what servers reply).
 */
final class Certification {

    static final String INTERFACE = "org.varlink.certification";
    static final String IDL = VarlinkInterface.idlResource(Certification.class, INTERFACE + ".varlink");
    static final String CLIENT_ID_ERROR = INTERFACE + ".ClientIdError";
    static final String CERTIFICATION_ERROR = INTERFACE + ".CertificationError";

    private Certification() {
    }

    record NoParameters() {
    }

    record ClientId(String client_id) {
    }

    record Bool(@JsonProperty("bool") boolean value) {
    }

    record Int(@JsonProperty("int") long value) {
    }

    record Float(@JsonProperty("float") double value) {
    }

    record Str(@JsonProperty("string") String value) {
    }

    record Test02(String client_id, @JsonProperty("bool") boolean value) {
    }

    record Test03(String client_id, @JsonProperty("int") long value) {
    }

    record Test04(String client_id, @JsonProperty("float") double value) {
    }

    record Test05(String client_id, @JsonProperty("string") String value) {
    }

    record Four(@JsonProperty("bool") boolean b, @JsonProperty("int") long i, @JsonProperty("float") double f,
                @JsonProperty("string") String s) {
    }

    record Test06(String client_id, @JsonProperty("bool") boolean b, @JsonProperty("int") long i,
                  @JsonProperty("float") double f, @JsonProperty("string") String s) {
    }

    record StructReply(@JsonProperty("struct") Four struct) {
    }

    record Test07(String client_id, @JsonProperty("struct") Four struct) {
    }

    record MapReply(Map<String, String> map) {
    }

    record Test08(String client_id, Map<String, String> map) {
    }

    record SetReply(Set<String> set) {
    }

    record Test09(String client_id, Set<String> set) {
    }

    enum Number { one, two, three }

    enum FooBarBaz { foo, bar, baz }

    record Pair(long first, String second) {
    }

    record Anon(boolean foo, boolean bar) {
    }

    record Interface(@VarlinkNullable List<@VarlinkNullable Map<String, FooBarBaz>> foo, Anon anon) {
    }

    record MyType(ObjectNode object, @JsonProperty("enum") Number enumValue, @JsonProperty("struct") Pair struct,
                  List<String> array, Map<String, String> dictionary, Set<String> stringset,
                  @VarlinkNullable String nullable, @VarlinkNullable List<Pair> nullable_array_struct,
                  @JsonProperty("interface") Interface iface) {
    }

    record MyTypeReply(MyType mytype) {
    }

    record Test10(String client_id, MyType mytype) {
    }

    record Test11(String client_id, List<String> last_more_replies) {
    }

    record AllOk(boolean all_ok) {
    }

    // What the sequence carries from step to step.
    static final Four FOUR = new Four(false, 2, Math.PI, "a lot of string");
    static final Map<String, String> MAP = Map.of("foo", "Foo", "bar", "Bar");
    static final Set<String> SET = Set.of("one", "two", "three");
    static final MyType MYTYPE = new MyType(
            json("{\"method\": \"org.varlink.certification.Test09\", "
                    + "\"parameters\": {\"map\": {\"foo\": \"Foo\", \"bar\": \"Bar\"}}}"),
            Number.two, new Pair(1, "2"), List.of("one", "two", "three"), MAP, SET, null, null,
            new Interface(Arrays.asList(null, Map.of("foo", FooBarBaz.foo, "bar", FooBarBaz.bar),
                    null, Map.of("one", FooBarBaz.foo, "two", FooBarBaz.bar)), new Anon(true, false)));
    static final List<String> MORE_REPLIES = moreReplies();

    private static List<String> moreReplies() {
        List<String> replies = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            replies.add("Reply number " + i);
        }
        return List.copyOf(replies);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
