package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Record binding: every violation is InvalidParameter naming the parameter; round trips are exact. */
class VarlinkBindingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    enum Color { red, green }

    record Inner(long first, @VarlinkNullable String second) {
    }

    record Everything(
            boolean flag,
            int small,
            long big,
            BigInteger huge,
            double real,
            String text,
            Color color,
            Inner inner,
            List<String> list,
            Map<String, Long> dictionary,
            Set<String> set,
            ObjectNode object,
            JsonNode any,
            Integer maybeNumber,
            @VarlinkNullable String maybeText,
            @VarlinkNullable List<@VarlinkNullable Map<String, String>> maybeListOfMaybeMaps,
            @JsonProperty("interface") String interfaceName) {
    }

    record Checked(String name) {
        Checked {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("name");
            }
        }
    }

    record Holder(Checked checked) {
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
    }

    private static final String FULL = "{'flag':true,'small':-5,'big':9223372036854775807,"
            + "'huge':18446744073709551615,'real':3.5,'text':'t','color':'green',"
            + "'inner':{'first':1,'second':'2'},'list':['a','b'],'dictionary':{'k':7},'set':{'x':{},'y':{}},"
            + "'object':{'o':1},'any':[1,'two'],'maybeNumber':null,"
            + "'maybeListOfMaybeMaps':[null,{'a':'b'}],'interface':'org.example'}";

    @Test
    void bindsEveryMappedTypeAndWritesItBackUnchanged() throws Exception {
        Everything e = VarlinkBinding.fromParameters(json(FULL), Everything.class);
        assertEquals(Long.MAX_VALUE, e.big());
        assertEquals(new BigInteger("18446744073709551615"), e.huge());
        assertEquals(Color.green, e.color());
        assertEquals(new Inner(1, "2"), e.inner());
        assertEquals(Set.of("x", "y"), e.set());
        assertEquals(Arrays.asList(null, Map.of("a", "b")), e.maybeListOfMaybeMaps());
        assertEquals("org.example", e.interfaceName());
        assertNull(e.maybeNumber());
        assertNull(e.maybeText());

        ObjectNode expected = json(FULL);
        expected.remove("maybeNumber"); // null fields are omitted on output
        // Compared as text: Jackson's node equality tells IntNode(1) from LongNode(1), JSON does not.
        assertEquals(expected.toString(), VarlinkBinding.toParameters(e).toString());
    }

    @Test
    void anIntegerNumberIsAcceptedForAFloat() throws Exception {
        ObjectNode p = json(FULL);
        p.put("real", 1);
        assertEquals(1.0, VarlinkBinding.fromParameters(p, Everything.class).real());
    }

    @Test
    void eachViolationNamesItsParameter() throws Exception {
        assertInvalid("flag", "flag", "'true'");
        assertInvalid("small", "small", "2147483648");            // int overflow
        assertInvalid("big", "big", "9223372036854775808");       // long overflow
        assertInvalid("big", "big", "1e3");                       // exponent for int
        assertInvalid("huge", "huge", "1.5");
        assertInvalid("real", "real", "'1.0'");
        assertInvalid("real", "real", "1e400");                   // parses to infinity
        assertInvalid("text", "text", "5");
        assertInvalid("color", "color", "'blue'");
        assertInvalid("color", "color", "'GREEN'");
        assertInvalid("inner.first", "inner", "{'second':'2'}");  // missing nested
        assertInvalid("inner.third", "inner", "{'first':1,'third':3}");
        assertInvalid("list[1]", "list", "['a',null]");           // null element of a non-nullable list
        assertInvalid("dictionary.k", "dictionary", "{'k':'v'}");
        assertInvalid("set.x", "set", "{'x':true}");
        assertInvalid("object", "object", "[1]");
        assertInvalid("any", "any", "null");
        assertInvalid("maybeNumber", "maybeNumber", "'1'");
        assertInvalid("interface", "interface", "null");
        assertInvalid("extra", "extra", "1");
    }

    @Test
    void aRejectingConstructorBecomesInvalidParameter() throws Exception {
        VarlinkException e = assertThrows(VarlinkException.class,
                () -> VarlinkBinding.fromParameters(json("{'checked':{'name':''}}"), Holder.class));
        assertEquals("checked.name", e.parameters().path("parameter").asText());
    }

    @Test
    void repliesMayCarryFieldsTheClientDoesNotKnow() throws Exception {
        assertEquals(new Inner(1, null), VarlinkBinding.fromReply(json("{'first':1,'added_later':true}"), Inner.class));
        assertThrows(VarlinkException.class,
                () -> VarlinkBinding.fromParameters(json("{'first':1,'added_later':true}"), Inner.class));
    }

    @Test
    void writingRefusesWhatMustNotReachTheWire() {
        assertThrows(IllegalArgumentException.class, () -> VarlinkBinding.toParameters(new Holder(null)));
        record Real(double value) {
        }
        assertThrows(IllegalArgumentException.class, () -> VarlinkBinding.toParameters(new Real(Double.NaN)));
    }

    private static void assertInvalid(String parameter, String field, String value) throws Exception {
        ObjectNode p = json(FULL);
        p.set(field, MAPPER.readTree(value.replace('\'', '"')));
        VarlinkException e = assertThrows(VarlinkException.class,
                () -> VarlinkBinding.fromParameters(p, Everything.class), p::toString);
        assertEquals(VarlinkErrors.INVALID_PARAMETER, e.errorName());
        assertEquals(parameter, e.parameters().path("parameter").asText(), field + " = " + value);
    }
}
