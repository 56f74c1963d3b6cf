package dev.baton.batond.hostile;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * batond runs in the test JVM, so its worker threads can be watched: which calls are being served, and which are
 * waiting between authorization and action. And it can be held there: {@link Freeze} takes the audit log's monitor,
 * which a call needs to write its "allow" record after it was authorized and before it acts, so every call that
 * arrives meanwhile stops exactly in that window, as it would behind a slow audit disk, journald back-pressure, a
 * GC pause or CPU starvation. Nothing is timed: the tests wait for states, with a guard against hanging.
 */
final class BatondThreads {
    private static final long GUARD_MILLIS = 30_000;

    private BatondThreads() {}

    private static boolean inStack(StackTraceElement[] stack, String className, String method) {
        return Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
    }

    /** Calls that were authorized and now wait to write their "allow" record. */
    static long waitingToAct() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.BLOCKED)
                .filter(e -> inStack(e.getValue(), "dev.baton.batond.CallAudit", "allowed")).count();
    }

    /** Calls that wait to write any audit record (an "invalid" one, written before identification, included). */
    static long waitingForTheAudit() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() == Thread.State.BLOCKED)
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().equals("dev.baton.batond.CallAudit")))
                .count();
    }

    /** Calls of dev.baton.delegation being served right now, by any thread but this one. */
    static long serving() {
        Thread self = Thread.currentThread();
        return Thread.getAllStackTraces().entrySet().stream().filter(e -> e.getKey() != self)
                .filter(e -> inStack(e.getValue(), "dev.baton.batond.DelegationService", "serve")).count();
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + GUARD_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                fail("batond never reached this state: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + what);
            }
        }
    }

    /** Waits until no call of this batond is in progress any more. */
    static void awaitIdle() {
        await(() -> serving() == 0, "no call in progress");
    }

    /** Holds the monitor of batond's audit log until closed. */
    static final class Freeze implements AutoCloseable {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final Thread holder;

        Freeze(Object auditLog) {
            holder = new Thread(() -> {
                synchronized (auditLog) {
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "hostile-audit-freeze");
            holder.setDaemon(true);
            holder.start();
            try {
                held.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            release.countDown();
            try {
                holder.join(GUARD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
