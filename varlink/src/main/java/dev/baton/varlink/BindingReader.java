package dev.baton.varlink;

import static dev.baton.varlink.RecordShape.annotatedNullable;
import static dev.baton.varlink.RecordShape.child;
import static dev.baton.varlink.RecordShape.raw;
import static dev.baton.varlink.RecordShape.typeArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.InvocationTargetException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON to records, for {@link VarlinkBinding}; strict mode refuses unknown fields. */
final class BindingReader {

    /** A violation at a path; unchecked only to travel through the recursion. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String path;

        Invalid(String path) {
            super(path, null, false, false);
            this.path = path;
        }
    }

    private final boolean strict;

    BindingReader(boolean strict) {
        this.strict = strict;
    }

    Object record(JsonNode node, Class<?> type, String path) {
        if (!node.isObject()) {
            throw new Invalid(path);
        }
        RecordShape shape = RecordShape.of(type);
        if (strict) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String name = property.getKey();
                if (!shape.hasJsonName(name)) {
                    throw new Invalid(child(path, name));
                }
            }
        }
        Object[] args = new Object[shape.components().size()];
        for (int i = 0; i < args.length; i++) {
            RecordShape.Component c = shape.components().get(i);
            args[i] = valueOrNull(node.get(c.jsonName()), c.type(), c.nullable(), child(path, c.jsonName()));
        }
        try {
            return shape.constructor().newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException rejected) {
                throw new Invalid(rejected.getMessage() == null ? path : child(path, rejected.getMessage()));
            }
            throw new IllegalStateException("constructor of " + type.getName() + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private Object valueOrNull(JsonNode node, AnnotatedType type, boolean nullable, String path) {
        if (node == null || node.isNull()) {
            if (nullable) {
                return null;
            }
            throw new Invalid(path);
        }
        return value(node, type, path);
    }

    private Object value(JsonNode node, AnnotatedType type, String path) {
        Class<?> c = raw(type);
        if (c == boolean.class || c == Boolean.class) {
            return require(node.isBoolean(), path) && node.booleanValue();
        }
        if (c == int.class || c == Integer.class) {
            require(node.isIntegralNumber() && node.canConvertToInt(), path);
            return node.intValue();
        }
        if (c == long.class || c == Long.class) {
            require(node.isIntegralNumber() && node.canConvertToLong(), path);
            return node.longValue();
        }
        if (c == BigInteger.class) {
            require(node.isIntegralNumber(), path);
            return node.bigIntegerValue();
        }
        if (c == double.class || c == Double.class) {
            require(node.isNumber() && Double.isFinite(node.doubleValue()), path);
            return node.doubleValue();
        }
        if (c == String.class) {
            require(node.isTextual(), path);
            return node.textValue();
        }
        if (c.isEnum()) {
            require(node.isTextual(), path);
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(node.textValue())) {
                    return constant;
                }
            }
            throw new Invalid(path);
        }
        if (c.isRecord()) {
            return record(node, c, path);
        }
        if (c == List.class) {
            require(node.isArray(), path);
            AnnotatedType element = typeArgument(type, 0);
            List<Object> list = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                list.add(valueOrNull(node.get(i), element, annotatedNullable(element), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(list);
        }
        if (c == Set.class) {
            require(node.isObject(), path);
            Set<String> set = new LinkedHashSet<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                // [string]() : each value is the empty struct.
                require(e.getValue().isObject() && e.getValue().isEmpty(), child(path, e.getKey()));
                set.add(e.getKey());
            }
            return Collections.unmodifiableSet(set);
        }
        if (c == Map.class) {
            require(node.isObject(), path);
            AnnotatedType valueType = typeArgument(type, 1);
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), valueOrNull(e.getValue(), valueType, annotatedNullable(valueType),
                        child(path, e.getKey())));
            }
            return Collections.unmodifiableMap(map);
        }
        if (c == ObjectNode.class) {
            require(node.isObject(), path);
            return node.deepCopy();
        }
        if (c == JsonNode.class) {
            return node.deepCopy();
        }
        throw new IllegalArgumentException("unsupported type for varlink binding: " + type.getType());
    }

    private static boolean require(boolean ok, String path) {
        if (!ok) {
            throw new Invalid(path);
        }
        return true;
    }
}
