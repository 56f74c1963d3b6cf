package dev.baton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI as a one-shot command, JVM start included: {@code bin/baton inspect} with the installation's AppCDS
 * archive (the default) and without it (BATON_JAVA_OPTS without the archive flags).
 */
final class CliStartup {
    private static final int RUNS = 15;

    private CliStartup() {}

    static String run(Path home, int pid) throws Exception {
        List<String> command = List.of(home.resolve("bin/baton").toString(), "inspect", "--pid", Integer.toString(pid),
                "--backend", "local-root");
        command(command, null); // creates the archive if this installation has none yet
        Stats withCds = measure(command, null);
        Stats without = measure(command, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
        return "| run | median | min |\n|---|---|---|\n"
                + String.format("| with the AppCDS archive | %d ms | %d ms |%n", withCds.median, withCds.min)
                + String.format("| without it (JDK default CDS only) | %d ms | %d ms |", without.median, without.min);
    }

    private record Stats(long median, long min) {}

    private static Stats measure(List<String> command, String javaOpts) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            command(command, javaOpts);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        millis.sort(null);
        return new Stats(millis.get(RUNS / 2), millis.get(0));
    }

    private static void command(List<String> command, String javaOpts) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (javaOpts != null) {
            builder.environment().put("BATON_JAVA_OPTS", javaOpts);
            builder.environment().put("BATON_CDS", "off");
        }
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }
}
