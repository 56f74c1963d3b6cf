package dev.baton.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs {@code baton ARGS} in a JVM of its own, with this test's class path minus the entries {@code leaveOut}
 * matches: a plugin that is also on the class path would be found twice, which fails startup. Output goes to
 * files, so that neither stream can fill its pipe while the other is read.
 */
record CliProcess(int exit, String out, String err) {
    static CliProcess run(Path scratch, Predicate<String> leaveOut, String... args) {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(leaveOut.negate()).collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classPath, BatonCli.class.getName()));
        command.addAll(List.of(args));
        Path out = scratch.resolve("cli.out");
        Path err = scratch.resolve("cli.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("BATON_HOME");
        Process process = null;
        try {
            process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("baton " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new CliProcess(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /** Leaves the dry-run plugin's jar (or classes) off the class path. */
    static boolean isDryRunPlugin(String classPathEntry) {
        return classPathEntry.contains("baton-plugin-dry-run") || classPathEntry.contains("/plugins/dry-run/");
    }
}
