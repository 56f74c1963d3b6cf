package dev.baton.batond.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Root-owned processes for the tests, and the means to give one a chosen pid. */
final class Processes {
    private static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    private Processes() {}

    /** SIGKILLs {@code pid} if it is alive (a process of any owner, the test runs as root) and waits for its end. */
    static void killAndAwait(long pid) {
        ProcessHandle.of(pid).ifPresent(handle -> {
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not our child: onExit polls, and a zombie of another parent only goes when that parent reaps it
            }
        });
    }

    /**
     * A process pinned with a pidfd when the test learnt its pid: the tests recycle pids on purpose, so a pid
     * remembered earlier may name a newcomer by the time the test cleans up, and only the pidfd still names the
     * process that was meant.
     */
    static final class Pinned implements AutoCloseable {
        private final dev.baton.linux.PidFd pidfd;

        private Pinned(dev.baton.linux.PidFd pidfd) {
            this.pidfd = pidfd;
        }

        /** Pins {@code pid}; null if it is gone already. */
        static Pinned of(long pid) {
            try {
                return new Pinned(dev.baton.linux.PidFd.open((int) pid));
            } catch (RuntimeException gone) {
                return null;
            }
        }

        /** SIGKILLs the pinned process (never a newcomer with its pid) and waits until it has been reaped. */
        @Override
        public void close() {
            try {
                if (pidfd.isAlive()) {
                    try {
                        HostileLibC.C.pidfd_send_signal(pidfd.fd(), 9, null, 0);
                    } catch (com.sun.jna.LastErrorException gone) {
                        // exited meanwhile
                    }
                }
                long deadline = System.currentTimeMillis() + 10_000;
                while (pidfd.isAlive() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(2); // its parent (the peer, or init once the peer is gone) reaps it
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pidfd.close();
            }
        }
    }

    /** A root-owned /bin/sleep, a child of the test JVM. */
    static Process rootSleeper() {
        try {
            return new ProcessBuilder("/bin/sleep", "600").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A root-owned /bin/sleep with pid {@code pid}, which must be free: ns_last_pid (CAP_SYS_ADMIN) makes the kernel
     * hand out {@code pid} next. Anything else forking at the same moment (this JVM's own threads included) may
     * take it first, so this retries; empty if it never got it.
     */
    static java.util.Optional<Process> rootSleeperWithPid(int pid) {
        List<Process> misses = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 200; attempt++) {
                if (ProcessHandle.of(pid).isPresent() || Files.exists(Path.of("/proc", Integer.toString(pid)))) {
                    return java.util.Optional.empty(); // taken (by a process or a thread) before we got to it
                }
                Files.writeString(NS_LAST_PID, Integer.toString(pid - 1));
                Process sleeper = rootSleeper();
                if (sleeper.pid() == pid) {
                    return java.util.Optional.of(sleeper);
                }
                misses.add(sleeper);
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (Process miss : misses) {
                miss.destroyForcibly();
                try {
                    miss.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static void stop(Process process) {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
