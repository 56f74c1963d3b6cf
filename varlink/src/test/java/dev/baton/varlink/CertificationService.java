package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.varlink.Certification.ClientId;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A Java server of {@code org.varlink.certification}. Per client id it tracks which method must come next and
 * whether every step so far was right; each step binds its parameters strictly (wrong types or unknown fields
 * are InvalidParameter) and compares them to the values the previous step replied. End returns
 * {@code all_ok: true} only for a flawless sequence.
 */
final class CertificationService {

    private static final String[] ORDER = {"Start", "Test01", "Test02", "Test03", "Test04", "Test05", "Test06",
            "Test07", "Test08", "Test09", "Test10", "Test11", "End"};

    private static final class Client {
        String next = "Test01";
        boolean ok = true;
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    /** Sequences that reached End with every step right: what the interop test checks on this side. */
    final AtomicInteger certified = new AtomicInteger();

    VarlinkInterface build() {
        return VarlinkInterface.builder(Certification.IDL)
                .method("Start", (call, reply) -> {
                    call.parameters(Certification.NoParameters.class);
                    String id = UUID.randomUUID().toString();
                    clients.put(id, new Client());
                    reply.reply(new ClientId(id));
                })
                .method("Test01", (call, reply) -> {
                    step(call, ClientId.class, ClientId::client_id, p -> true);
                    reply.reply(new Certification.Bool(true));
                })
                .method("Test02", (call, reply) -> {
                    step(call, Certification.Test02.class, Certification.Test02::client_id, p -> p.value());
                    reply.reply(new Certification.Int(1));
                })
                .method("Test03", (call, reply) -> {
                    step(call, Certification.Test03.class, Certification.Test03::client_id, p -> p.value() == 1);
                    reply.reply(new Certification.Float(1.0));
                })
                .method("Test04", (call, reply) -> {
                    step(call, Certification.Test04.class, Certification.Test04::client_id, p -> p.value() == 1.0);
                    reply.reply(new Certification.Str("ping"));
                })
                .method("Test05", (call, reply) -> {
                    step(call, Certification.Test05.class, Certification.Test05::client_id,
                            p -> "ping".equals(p.value()));
                    reply.reply(Certification.FOUR);
                })
                .method("Test06", (call, reply) -> {
                    step(call, Certification.Test06.class, Certification.Test06::client_id,
                            p -> new Certification.Four(p.b(), p.i(), p.f(), p.s()).equals(Certification.FOUR));
                    reply.reply(new Certification.StructReply(Certification.FOUR));
                })
                .method("Test07", (call, reply) -> {
                    step(call, Certification.Test07.class, Certification.Test07::client_id,
                            p -> Certification.FOUR.equals(p.struct()));
                    reply.reply(new Certification.MapReply(Certification.MAP));
                })
                .method("Test08", (call, reply) -> {
                    step(call, Certification.Test08.class, Certification.Test08::client_id,
                            p -> Certification.MAP.equals(p.map()));
                    reply.reply(new Certification.SetReply(Certification.SET));
                })
                .method("Test09", (call, reply) -> {
                    step(call, Certification.Test09.class, Certification.Test09::client_id,
                            p -> Certification.SET.equals(p.set()));
                    reply.reply(new Certification.MyTypeReply(Certification.MYTYPE));
                })
                // streamingMethod: without 'more' the library answers ExpectedMore, as the interface demands.
                .streamingMethod("Test10", (call, reply) -> {
                    step(call, Certification.Test10.class, Certification.Test10::client_id,
                            p -> Certification.MYTYPE.equals(p.mytype()));
                    for (int i = 0; i < 9; i++) {
                        reply.replyContinues(new Certification.Str(Certification.MORE_REPLIES.get(i)));
                    }
                    reply.reply(new Certification.Str(Certification.MORE_REPLIES.get(9)));
                })
                .method("Test11", (call, reply) -> {
                    // Must be oneway; an error cannot reach the client then, so End reports it.
                    step(call, Certification.Test11.class, Certification.Test11::client_id,
                            p -> call.oneway() && Certification.MORE_REPLIES.equals(p.last_more_replies()));
                })
                .method("End", (call, reply) -> {
                    ClientId p = call.parameters(ClientId.class);
                    Client client = clientOf(p.client_id());
                    boolean allOk = client.ok && "End".equals(client.next);
                    clients.remove(p.client_id());
                    if (allOk) {
                        certified.incrementAndGet();
                    }
                    reply.reply(new Certification.AllOk(allOk));
                })
                .build();
    }

    /** Binds, checks the order and the values of one step; a failure marks the client and is reported. */
    private <P extends Record> void step(VarlinkCall call, Class<P> type, Function<P, String> clientId,
                                         java.util.function.Predicate<P> valuesRight) throws VarlinkException {
        P parameters = call.parameters(type);
        Client client = clientOf(clientId.apply(parameters));
        synchronized (client) {
            String method = call.methodName();
            String expected = client.next;
            boolean inOrder = method.equals(expected);
            boolean right = inOrder && valuesRight.test(parameters);
            client.next = successor(method);
            if (!right) {
                client.ok = false;
                ObjectNode wants = JsonNodeFactory.instance.objectNode()
                        .put("method", Certification.INTERFACE + "." + expected);
                ObjectNode got = JsonNodeFactory.instance.objectNode().put("method", call.method());
                got.set("parameters", call.parameters());
                ObjectNode error = JsonNodeFactory.instance.objectNode();
                error.set("wants", wants);
                error.set("got", got);
                throw new VarlinkException(Certification.CERTIFICATION_ERROR, error);
            }
        }
    }

    private Client clientOf(String id) throws VarlinkException {
        Client client = clients.get(Objects.requireNonNull(id));
        if (client == null) {
            throw new VarlinkException(Certification.CLIENT_ID_ERROR);
        }
        return client;
    }

    private static String successor(String method) {
        for (int i = 0; i < ORDER.length - 1; i++) {
            if (ORDER[i].equals(method)) {
                return ORDER[i + 1];
            }
        }
        return "Start";
    }
}
