package dev.baton.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an assembled script as an operator would, and keeps its exit code and output. */
record Shell(int exit, String out, String err) {
    static Path home() {
        return Path.of(System.getProperty("baton.home"));
    }

    static Shell run(Map<String, String> env, String... command) {
        List<String> argv = new ArrayList<>(List.of(command));
        argv.set(0, home().resolve(command[0]).toString());
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish");
            }
            return new Shell(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Shell run(String... command) {
        return run(Map.of(), command);
    }
}
