package dev.baton.bench;

import dev.baton.core.Baton;
import dev.baton.spi.InternalApi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Item 6: core bootstrap in a warm JVM with the three plugins loaded from the installation's plugins directory
 * (PF4J repositories, descriptors, one class loader each, ServiceLoader, start, routing), then close.
 * {@code -Dbaton.home} names the installation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class BootstrapBenchmark {
    private final Path plugins = Path.of(System.getProperty("baton.home", "distribution/target/baton-0.1.0-SNAPSHOT"))
            .resolve("plugins");

    @Benchmark
    public int bootstrapThreePlugins() {
        try (Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                .pluginsDirectory(plugins).build()) {
            return baton.plugins().size();
        }
    }
}
