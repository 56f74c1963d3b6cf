package dev.baton.varlink;

import static dev.baton.varlink.RecordShape.annotatedNullable;
import static dev.baton.varlink.RecordShape.child;
import static dev.baton.varlink.RecordShape.raw;
import static dev.baton.varlink.RecordShape.typeArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.AnnotatedType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records to JSON, for {@link VarlinkBinding}; refuses nulls where not nullable and non-finite doubles. */
final class BindingWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    JsonNode record(Record value, String path) {
        ObjectNode out = NODES.objectNode();
        for (RecordShape.Component c : RecordShape.of(value.getClass()).components()) {
            Object v;
            try {
                v = c.accessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.jsonName() + " of " + value.getClass(), e);
            }
            String at = child(path, c.jsonName());
            if (v == null) {
                if (!c.nullable()) {
                    throw new IllegalArgumentException(at + " is null but not nullable");
                }
                continue; // senders may omit null fields, and the spec prefers that
            }
            out.set(c.jsonName(), value(v, c.type(), at));
        }
        return out;
    }

    private JsonNode valueOrNull(Object v, AnnotatedType type, String path) {
        if (v == null) {
            if (!annotatedNullable(type)) {
                throw new IllegalArgumentException(path + " is null but not nullable");
            }
            return NODES.nullNode();
        }
        return value(v, type, path);
    }

    private JsonNode value(Object v, AnnotatedType type, String path) {
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(path + " is " + d + ", which JSON cannot carry");
            }
            return NODES.numberNode(d);
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (v instanceof Record r) {
            return record(r, path);
        }
        Class<?> c = raw(type);
        if (c == List.class) {
            AnnotatedType element = typeArgument(type, 0);
            ArrayNode array = NODES.arrayNode();
            int i = 0;
            for (Object item : (List<?>) v) {
                array.add(valueOrNull(item, element, path + "[" + i++ + "]"));
            }
            return array;
        }
        if (c == Set.class) {
            ObjectNode set = NODES.objectNode();
            for (Object item : (Set<?>) v) {
                set.set((String) item, NODES.objectNode());
            }
            return set;
        }
        if (c == Map.class) {
            AnnotatedType valueType = typeArgument(type, 1);
            ObjectNode map = NODES.objectNode();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                String key = (String) e.getKey();
                map.set(key, valueOrNull(e.getValue(), valueType, child(path, key)));
            }
            return map;
        }
        if (v instanceof JsonNode node) {
            return node.deepCopy();
        }
        throw new IllegalArgumentException("unsupported type for varlink binding: " + type.getType());
    }
}
