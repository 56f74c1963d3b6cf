package dev.baton.varlink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@code dev.baton.test} interface: small methods, each exercising one behaviour of the server. */
final class TestService {

    static final String IDL = VarlinkInterface.idlResource(TestService.class, "dev.baton.test.varlink");

    record Pair(long first, @VarlinkNullable String second) {
    }

    record AddParameters(int a, int b, @VarlinkNullable String note, @VarlinkNullable List<Pair> pairs) {
    }

    record Sum(long sum) {
    }

    record CountParameters(int count) {
    }

    record Index(int index) {
    }

    record SleepParameters(long millis, String tag) {
    }

    record Tag(String tag) {
    }

    record Identity(int pid, int uid, int gid, Integer pidfd, Integer pidfd_pid) {
    }

    record IndexOnThread(int index, String thread) {
    }

    final AtomicInteger marks = new AtomicInteger();
    final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> arrivals = new ConcurrentHashMap<>();
    volatile VarlinkPeer lastPeer;

    /** Lets the callers of WaitFor(name) reply. */
    void open(String gate) {
        gate(gates, gate).countDown();
    }

    /** Blocks until a WaitFor(name) call is running in the service. */
    void awaitArrival(String gate) throws InterruptedException {
        if (!gate(arrivals, gate).await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("WaitFor(" + gate + ") never arrived");
        }
    }

    private static CountDownLatch gate(Map<String, CountDownLatch> map, String name) {
        return map.computeIfAbsent(name, n -> new CountDownLatch(1));
    }

    VarlinkInterface build() {
        return VarlinkInterface.builder(IDL)
                .method("Echo", (call, reply) -> {
                    JsonNode value = call.parameters().get("value");
                    if (value == null || value.isNull() || call.parameters().size() != 1) {
                        throw VarlinkException.invalidParameter("value");
                    }
                    ObjectNode out = JsonNodeFactory.instance.objectNode();
                    out.set("value", value);
                    reply.reply(out);
                })
                .method("Add", (call, reply) -> {
                    AddParameters p = call.parameters(AddParameters.class);
                    reply.reply(new Sum((long) p.a() + p.b()));
                })
                .method("Count", (call, reply) -> {
                    int count = call.parameters(CountParameters.class).count();
                    if (call.more()) {
                        for (int i = 0; i < count - 1; i++) {
                            reply.replyContinues(new Index(i));
                        }
                    }
                    reply.reply(new Index(count - 1));
                })
                .streamingMethod("Stream", (call, reply) -> {
                    int count = call.parameters(CountParameters.class).count();
                    for (int i = 0; i < count - 1 && reply.isOpen(); i++) {
                        reply.replyContinues(new Index(i));
                    }
                    reply.reply(new Index(count - 1));
                })
                .method("Sleep", (call, reply) -> {
                    SleepParameters p = call.parameters(SleepParameters.class);
                    try {
                        Thread.sleep(p.millis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    reply.reply(new Tag(p.tag()));
                })
                .method("WaitFor", (call, reply) -> {
                    String name = call.parameters().path("gate").asText();
                    gate(arrivals, name).countDown();
                    try {
                        gate(gates, name).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .method("Whoami", (call, reply) -> {
                    VarlinkPeer peer = call.peer();
                    lastPeer = peer;
                    Integer pidfd = peer.pidfd().isPresent() ? peer.pidfd().getAsInt() : null;
                    reply.reply(new Identity(peer.pid(), peer.uid(), peer.gid(), pidfd,
                            pidfd == null ? null : pidOfPidfd(pidfd)));
                })
                .method("Fail", (call, reply) -> {
                    ObjectNode p = JsonNodeFactory.instance.objectNode();
                    p.put("reason", call.parameters().path("reason").asText());
                    throw new VarlinkException("dev.baton.test.Failed", p);
                })
                .method("Crash", (call, reply) -> {
                    throw new IllegalStateException("a bug in the service");
                })
                .quickMethod("QuickIndex", (call, reply) -> reply.reply(new IndexOnThread(
                        call.parameters(Index.class).index(), Thread.currentThread().getName())))
                .method("SlowIndex", (call, reply) -> reply.reply(new IndexOnThread(
                        call.parameters(Index.class).index(), Thread.currentThread().getName())))
                .method("Mark", (call, reply) -> marks.incrementAndGet())
                .method("Marks", (call, reply) -> {
                    ObjectNode p = JsonNodeFactory.instance.objectNode();
                    p.put("marks", marks.get());
                    reply.reply(p);
                })
                .build();
    }

    /** The pid a pidfd refers to, from /proc/self/fdinfo; null if the fd is not a pidfd. */
    static Integer pidOfPidfd(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
                if (line.startsWith("Pid:")) {
                    return Integer.parseInt(line.substring(4).trim());
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
