package dev.baton.bench;

import dev.baton.core.Baton;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.standin.StandInVmProcess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Item 1 of docs/performance.md: a local-root operation in-process, through core (routing, pidfd pinning, the
 * syscall, and core's verification re-read), against a real stand-in VM. Needs root (SCHED_FIFO).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LocalRootBenchmark {
    private StandInVmProcess vm;
    private Baton baton;
    private int vcpu;
    private int priority = 1;
    private long coveredBytes;

    @Setup(Level.Trial)
    public void start() {
        vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"), List.of(), 1);
        vcpu = vm.tid("CPU 0/KVM");
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        Hook.all().forEach(hook -> builder.route(hook, "local-root"));
        baton = builder.build();
        coveredBytes = dev.baton.linux.ProcFs.memlockLimits(vm.pid()).hard().bytes() / 2;
    }

    @TearDown(Level.Trial)
    public void stop() {
        baton.close();
        vm.close();
    }

    /** SCHED_FIFO 1 and 2 in turn, so every call really changes the thread. */
    @Benchmark
    public Object schedOneThread() {
        priority = 3 - priority;
        return baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, priority));
    }

    /** memlock with only-raise and a covered value: the read path (pin, read limits, verify), no write. */
    @Benchmark
    public Object memlockRead() {
        return baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), MemlockLimit.ofBytes(coveredBytes)));
    }
}
