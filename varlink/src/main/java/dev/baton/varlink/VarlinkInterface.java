package dev.baton.varlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link VarlinkService} made of an IDL text and one handler per method. It answers the routing errors itself:
 * {@code MethodNotFound} for a name the IDL does not declare, {@code MethodNotImplemented} for a declared method
 * without a handler, {@code ExpectedMore} for a {@link Builder#streamingMethod streaming method} called without
 * {@code more}.
 *
 * <pre>{@code
 * VarlinkInterface delegation = VarlinkInterface.builder(VarlinkInterface.idlResource(Daemon.class, "dev.baton.delegation.varlink"))
 *     .method("Delegate", (call, reply) -> reply.reply(run(call.parameters(DelegateRequest.class), call.peer())))
 *     .streamingMethod("Watch", (call, reply) -> { while (reply.isOpen()) reply.replyContinues(next()); })
 *     .build();
 * }</pre>
 */
public final class VarlinkInterface implements VarlinkService {

    private final String description;
    private final IdlText idl;
    private final Map<String, Handler> handlers;

    private record Handler(VarlinkMethod method, boolean requiresMore, boolean quick) {
    }

    private VarlinkInterface(String description, IdlText idl, Map<String, Handler> handlers) {
        this.description = description;
        this.idl = idl;
        this.handlers = Map.copyOf(handlers);
    }

    /** Starts an interface from its IDL text; the interface name is taken from the text. */
    public static Builder builder(String idl) {
        return new Builder(idl);
    }

    /** Reads an IDL file shipped as a class-path resource next to {@code anchor}. */
    public static String idlResource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name + " next to " + anchor.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String interfaceName() {
        return idl.interfaceName();
    }

    @Override
    public String description() {
        return description;
    }

    /** The method names the IDL declares. */
    public Set<String> declaredMethods() {
        return idl.methods();
    }

    @Override
    public void call(VarlinkCall call, VarlinkReplier replier) throws VarlinkException {
        Handler handler = handlers.get(call.methodName());
        if (handler == null) {
            throw idl.methods().contains(call.methodName())
                    ? VarlinkException.methodNotImplemented(call.method())
                    : VarlinkException.methodNotFound(call.method());
        }
        if (handler.requiresMore() && !call.more()) {
            throw VarlinkException.expectedMore();
        }
        handler.method().handle(call, replier);
    }

    @Override
    public boolean isQuick(String method) {
        Handler handler = handlers.get(method);
        return handler != null && handler.quick();
    }

    public static final class Builder {
        private final String description;
        private final IdlText idl;
        private final Map<String, Handler> handlers = new HashMap<>();

        private Builder(String description) {
            this.description = Objects.requireNonNull(description, "idl");
            this.idl = IdlText.parse(description);
        }

        /** A method that replies once (and may still stream when the call set {@code more}: see {@link VarlinkCall#more()}). */
        public Builder method(String name, VarlinkMethod handler) {
            return add(name, handler, false, false);
        }

        /**
         * A method that replies once and never sleeps, so it may run on the event loop: see
         * {@link VarlinkService#isQuick}. A handler that blocks here stalls every connection of its loop.
         */
        public Builder quickMethod(String name, VarlinkMethod handler) {
            return add(name, handler, false, true);
        }

        /** A method that only makes sense with {@code more}; calls without it get {@code ExpectedMore}. */
        public Builder streamingMethod(String name, VarlinkMethod handler) {
            return add(name, handler, true, false);
        }

        private Builder add(String name, VarlinkMethod handler, boolean requiresMore, boolean quick) {
            if (!idl.methods().contains(name)) {
                // A typo here would otherwise surface only as MethodNotImplemented at run time.
                throw new IllegalArgumentException("IDL of " + idl.interfaceName() + " declares no method " + name);
            }
            if (handlers.putIfAbsent(name, new Handler(Objects.requireNonNull(handler), requiresMore, quick)) != null) {
                throw new IllegalArgumentException("method " + name + " registered twice");
            }
            return this;
        }

        public VarlinkInterface build() {
            return new VarlinkInterface(description, idl, handlers);
        }
    }
}
