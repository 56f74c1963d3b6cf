package dev.baton.core.routing;

/** Why a hook goes where it goes, in precedence order. */
public enum RouteReason {
    /** A handler registered in code with {@code Baton.Builder#handler}: the RFC's function pointer. */
    CODE_HANDLER,
    /** A route from conf/baton.yaml or {@code Baton.Builder#route}. */
    CONFIGURED,
    /** No route: the highest-priority compatible plugin that claims the hook and changes the system. */
    PRIORITY,
    /** Nothing claims the hook: the RFC's default, doing the operation in-process with local-root. */
    FALLBACK,
    /** Nothing may handle it: strict mode forbids the fallback, or local-root is not installed. */
    NONE
}
