package dev.baton.plugins.remote;

import dev.baton.spi.Hook;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hook calls from several threads run side by side, on at most maxConnections connections. */
final class TestConnectionPool {
    private static final int THREADS = 8;

    @TempDir
    Path directory;

    @Test
    void eightThreadsRunAtTheSameTimeOnEightConnections() throws Exception {
        Path socket = directory.resolve("batond.sock");
        // Each call waits in the daemon until all eight are there: they can only all finish if none queued
        // behind another on a shared socket.
        TestingDelegationService service = new TestingDelegationService().gatheringCalls(THREADS);
        try (TestingBatond batond = TestingBatond.start(socket, service);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.MAX_CONNECTIONS, String.valueOf(THREADS)))) {
            List<InspectResult> results = runConcurrently(handler, 1);

            assertEquals(THREADS, results.size());
            assertEquals(THREADS, batond.service.maxInFlight());
            assertEquals(THREADS, batond.service.count("Negotiate"));
        }
    }

    @Test
    void moreThreadsThanConnectionsShareThePool() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.MAX_CONNECTIONS, "2"))) {
            List<InspectResult> results = runConcurrently(handler, 25);

            assertEquals(THREADS * 25, results.size());
            assertEquals(THREADS * 25, batond.service.count("InspectProcess"));
            long negotiations = batond.service.count("Negotiate");
            assertTrue(negotiations >= 1 && negotiations <= 2, negotiations + " connections were opened");
            assertTrue(batond.service.maxInFlight() <= 2, batond.service.maxInFlight() + " calls ran at once");
        }
    }

    /** Runs {@code callsPerThread} inspect calls on each of {@link #THREADS} threads; every one must succeed. */
    private static List<InspectResult> runConcurrently(TestingRemoteHandler handler, int callsPerThread)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<InspectResult>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int pid = 1000 + t;
                futures.add(threads.submit(() -> {
                    List<InspectResult> mine = new ArrayList<>();
                    for (int i = 0; i < callsPerThread; i++) {
                        InspectResult result = handler.call(Hook.INSPECT, new InspectRequest(pid));
                        assertEquals(pid, result.pid()); // each reply reached the thread that asked
                        mine.add(result);
                    }
                    return mine;
                }));
            }
            List<InspectResult> all = new ArrayList<>();
            for (Future<List<InspectResult>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            threads.shutdownNow();
        }
    }
}
