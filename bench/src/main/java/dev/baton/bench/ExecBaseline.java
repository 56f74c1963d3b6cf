package dev.baton.bench;

import java.util.List;

/**
 * The alternative to delegation: a helper process per operation, as a sudo or setuid shell-out handler does.
 * util-linux's chrt and prlimit are the helpers.
 */
final class ExecBaseline {
    private ExecBaseline() {}

    static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exit);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> chrt(int priority, int tid) {
        return List.of("/usr/bin/chrt", "-f", "-p", Integer.toString(priority), Integer.toString(tid));
    }

    static List<String> prlimit(int pid, long bytes) {
        return List.of("/usr/bin/prlimit", "--pid", Integer.toString(pid), "--memlock=" + bytes + ":" + bytes);
    }
}
