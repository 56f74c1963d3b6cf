package dev.baton.varlink;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What binding needs to know about a record class, computed once per class. */
record RecordShape(List<Component> components, Constructor<?> constructor) {

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static boolean annotatedNullable(AnnotatedType type) {
        return type.isAnnotationPresent(VarlinkNullable.class);
    }

    /** The reflection copies its array on every call; a record's types are few and fixed, so ask once each. */
    private static final Map<AnnotatedType, AnnotatedType[]> TYPE_ARGUMENTS = new ConcurrentHashMap<>();

    static AnnotatedType typeArgument(AnnotatedType type, int index) {
        if (!(type instanceof AnnotatedParameterizedType parameterized)) {
            throw new IllegalArgumentException("raw collection type " + type + ": declare its element type");
        }
        return TYPE_ARGUMENTS.computeIfAbsent(type, t -> parameterized.getAnnotatedActualTypeArguments())[index];
    }

    static Class<?> raw(AnnotatedType type) {
        Type t = type.getType();
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported type for varlink binding: " + t);
    }

    record Component(String jsonName, AnnotatedType type, boolean nullable, Method accessor) {
    }

    private static final ClassValue<RecordShape> CACHE = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return inspect(type);
        }
    };

    static RecordShape of(Class<?> type) {
        return CACHE.get(type);
    }

    boolean hasJsonName(String name) {
        for (Component c : components) {
            if (c.jsonName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static RecordShape inspect(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        var recordComponents = type.getRecordComponents();
        List<Component> components = new ArrayList<>(recordComponents.length);
        Class<?>[] types = new Class<?>[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++) {
            var rc = recordComponents[i];
            types[i] = rc.getType();
            JsonProperty renamed = rc.getAccessor().getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : rc.getName();
            AnnotatedType annotated = rc.getAnnotatedType();
            boolean boxed = !rc.getType().isPrimitive() && rc.getType() != BigInteger.class
                    && (Number.class.isAssignableFrom(rc.getType()) || rc.getType() == Boolean.class);
            if (rc.getType().isPrimitive() && annotatedNullable(annotated)) {
                throw new IllegalArgumentException(type.getName() + "." + rc.getName()
                        + ": a primitive cannot be null, use the boxed type");
            }
            var accessor = rc.getAccessor();
            accessor.setAccessible(true); // records nested in non-public classes
            components.add(new Component(name, annotated, boxed || annotatedNullable(annotated), accessor));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new RecordShape(List.copyOf(components), constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record without canonical constructor: " + type.getName(), e);
        }
    }
}
