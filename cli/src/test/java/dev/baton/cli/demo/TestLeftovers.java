package dev.baton.cli.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The cleanup check, on a real process and a real directory. */
final class TestLeftovers {
    @Test
    void aLiveProcessAndAnExistingPathAreReportedWithHowToRemoveThem(@TempDir Path dir) throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path left = Files.createDirectory(dir.resolve("baton-demo-x"));
            Leftovers check = new Leftovers();

            check.processGone("batond", sleeper.pid());
            check.pathGone("the demo's directory", left, "rm -r");
            check.pathGone("the scratch cgroup", dir.resolve("gone"), "rmdir");

            assertEquals(List.of("batond (pid " + sleeper.pid() + ") is still running: kill " + sleeper.pid(),
                    "the demo's directory " + left + " is still there: rm -r " + left), check.found());
        } finally {
            sleeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessThatExitedIsNotALeftover() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor(5, TimeUnit.SECONDS);
        Leftovers check = new Leftovers();

        check.processGone("the launcher", done.pid());

        assertEquals(List.of(), check.found());
    }
}
