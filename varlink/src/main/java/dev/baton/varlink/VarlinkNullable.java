package dev.baton.varlink;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type as nullable ({@code ?T} in the IDL) for {@link VarlinkBinding}: the value may be absent or
 * {@code null} in JSON and is {@code null} in Java. Everything else is required and non-null, except record
 * components of boxed primitive type ({@code Integer}, {@code Boolean}...), which are nullable by themselves.
 * A type-use annotation, so element types can carry it too: {@code List<@VarlinkNullable String>}.
 */
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
public @interface VarlinkNullable {
}
