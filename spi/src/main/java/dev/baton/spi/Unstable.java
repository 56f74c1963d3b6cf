package dev.baton.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type of Baton's internal API. Like the libvirt RFC's internal APIs, these types may change shape or
 * meaning in any release; callers opt in with {@code Baton.builder().acceptUnstableApi(InternalApi.VERSION)} and
 * a mismatch fails at once. See docs/api-stability.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface Unstable {
}
