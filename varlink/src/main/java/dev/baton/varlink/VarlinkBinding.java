package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strict mapping between varlink parameter objects and Java records, so services validate input by declaring a
 * record instead of by hand. Every violation becomes {@code org.varlink.service.InvalidParameter} naming the
 * offending parameter by its path ({@code outer.inner}, {@code list[2]}, {@code map.key}): wrong JSON type, missing
 * or null non-nullable field, integer out of the Java type's range, fraction where an integer is expected,
 * non-finite float, unknown field.
 *
 * <table>
 * <caption>Type mapping</caption>
 * <tr><th>IDL</th><th>Java</th></tr>
 * <tr><td>bool</td><td>boolean, Boolean</td></tr>
 * <tr><td>int</td><td>int, long, Integer, Long, BigInteger (range of the Java type enforced)</td></tr>
 * <tr><td>float</td><td>double, Double (any JSON number, must be finite)</td></tr>
 * <tr><td>string</td><td>String</td></tr>
 * <tr><td>enum (a, b)</td><td>a Java enum whose constant names are the IDL names</td></tr>
 * <tr><td>struct / named type</td><td>a record</td></tr>
 * <tr><td>[]T, [string]T, [string]()</td><td>List&lt;T&gt;, Map&lt;String, T&gt;, Set&lt;String&gt;</td></tr>
 * <tr><td>object, any</td><td>ObjectNode, JsonNode</td></tr>
 * <tr><td>?T</td><td>{@link VarlinkNullable} T, or a boxed primitive as record component</td></tr>
 * </table>
 *
 * <p>The JSON name of a component is its Java name, or the value of {@code @JsonProperty} on it (for names that
 * are Java keywords, like {@code interface}). A record constructor that throws {@link IllegalArgumentException}
 * rejects the value as InvalidParameter too, naming the record's path plus the exception's message (so a
 * constructor should use the offending field's name as message).
 */
public final class VarlinkBinding {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VarlinkBinding() {
    }

    /** Binds call parameters; unknown fields are refused, as the spec asks of services. */
    public static <T extends Record> T fromParameters(ObjectNode parameters, Class<T> type) throws VarlinkException {
        return bind(parameters, type, true);
    }

    /** Binds reply parameters; unknown fields are ignored, as the spec asks of clients (services may grow). */
    public static <T extends Record> T fromReply(ObjectNode parameters, Class<T> type) throws VarlinkException {
        return bind(parameters, type, false);
    }

    /**
     * A record as a parameters object; null nullable components are omitted.
     *
     * @throws IllegalArgumentException for a null non-nullable component or a non-finite double: a bug in the
     *                                  caller, which must not reach the wire
     */
    public static ObjectNode toParameters(Record value) {
        return (ObjectNode) new BindingWriter().record(value, "");
    }

    private static <T extends Record> T bind(ObjectNode parameters, Class<T> type, boolean strict)
            throws VarlinkException {
        try {
            return type.cast(new BindingReader(strict).record(parameters == null ? NODES.objectNode() : parameters,
                    type, ""));
        } catch (BindingReader.Invalid e) {
            throw VarlinkException.invalidParameter(e.path);
        }
    }
}
