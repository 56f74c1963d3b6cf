package dev.baton.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the demo created and could not remove, checked after cleanup: by pid for processes (a name could match
 * someone else's process), by path for files and cgroups. Each entry says what it is and how to remove it, so the
 * person who ran the demo can finish the job.
 */
final class Leftovers {
    private final List<String> found = new ArrayList<>();

    /** Records {@code what} if process {@code pid} is still alive after a short grace period. */
    void processGone(String what, long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return;
        }
        try {
            process.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found.add(what + " (pid " + pid + ") may still be running: kill " + pid);
        } catch (Exception stillAlive) {
            found.add(what + " (pid " + pid + ") is still running: kill " + pid);
        }
    }

    /** Records {@code what} if {@code path} still exists. */
    void pathGone(String what, Path path, String removal) {
        if (Files.exists(path)) {
            found.add(what + " " + path + " is still there: " + removal + " " + path);
        }
    }

    List<String> found() {
        return List.copyOf(found);
    }
}
