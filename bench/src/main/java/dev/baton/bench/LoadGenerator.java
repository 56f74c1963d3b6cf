package dev.baton.bench;

import dev.baton.core.Baton;
import dev.baton.linux.ProcFs;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.standin.StandInVmProcess;
import dev.baton.varlink.VarlinkClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench/run}: every client-to-daemon measurement of docs/performance.md in one run, so that ratios compare
 * numbers taken on the same machine minutes apart. Needs root and an installation (-Dbaton.home). Prints Markdown.
 *
 * <p>Arguments: {@code [calls-per-level] [rss-calls] [vms]}, defaults 20000, 1000000, 200.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long rssCalls = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        int vms = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path home = Path.of(System.getProperty("baton.home"));
        Path work = Files.createTempDirectory("baton-bench-");
        Report report = new Report(System.out);
        try (BenchBatond batond = BenchBatond.start(home, work);
             StandInVmProcess vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"), List.of(), 64)) {
            long idleRss = batond.rssKib();
            List<Integer> vcpus = vm.vcpuTids();
            try (Baton local = runtime("local-root", null, 1); Baton remote = runtime("remote-handler", batond.socket(), 64)) {
                // Steady state is what is compared: batond runs for days, so its JIT warm-up is not a per-call cost.
                // Every path gets the same untimed warm-up (execs included, for the page cache), none is tuned.
                measure(local, vm.pid(), vcpus, 1, calls / 4);
                measure(remote, vm.pid(), vcpus, 8, calls / 4);
                memlock(local, vm.pid(), calls / 4);
                memlock(remote, vm.pid(), calls / 4);
                SocketFloor.getInfo(batond.socket(), calls / 4);
                exec(10, i -> ExecBaseline.chrt(1 + i % 2, vcpus.get(0)));
                exec(10, i -> ExecBaseline.prlimit(vm.pid(), ProcFs.memlockLimits(vm.pid()).hard().bytes()));
                report.section("1-3. One operation: in-process, through batond, and exec per operation");
                report.latencyHeader();
                report.row("floor: AF_UNIX 1-byte ping-pong, two threads", SocketFloor.pingPong(work, calls));
                report.row("floor: varlink GetInfo through batond, 1 client", SocketFloor.getInfo(batond.socket(), calls));
                Latency inProcess = measure(local, vm.pid(), vcpus, 1, calls);
                report.row("local-root in-process, sched 1 thread", inProcess);
                Latency memlockLocal = memlock(local, vm.pid(), calls);
                report.row("local-root in-process, memlock set-to-current", memlockLocal);
                Map<Integer, Latency> levels = new java.util.LinkedHashMap<>();
                for (int clients : new int[] {1, 8, 64}) {
                    levels.put(clients, measure(remote, vm.pid(), vcpus, clients, calls));
                    report.row("remote via batond, sched 1 thread, " + clients + " client(s)", levels.get(clients));
                }
                Latency memlockRemote = memlock(remote, vm.pid(), calls);
                report.row("remote via batond, memlock set-to-current, 1 client", memlockRemote);
                Latency chrt = exec(calls / 40, i -> ExecBaseline.chrt(1 + i % 2, vcpus.get(0)));
                report.row("exec chrt per operation (shell-out baseline)", chrt);
                long limit = ProcFs.memlockLimits(vm.pid()).hard().bytes();
                Latency prlimit = exec(calls / 40, i -> ExecBaseline.prlimit(vm.pid(), limit));
                report.row("exec prlimit per operation (shell-out baseline)", prlimit);
                report.ratio("remote sched (1 client) vs exec chrt, p50", chrt.p50Micros() / levels.get(1).p50Micros());
                report.ratio("remote sched (1 client) vs exec chrt, mean", chrt.meanMicros() / levels.get(1).meanMicros());
                report.ratio("remote memlock (1 client) vs exec prlimit, p50", prlimit.p50Micros() / memlockRemote.p50Micros());
                report.ratio("remote memlock (1 client) vs exec prlimit, mean", prlimit.meanMicros() / memlockRemote.meanMicros());

                report.section("4. 64 threads: one batch call, 64 calls, 64 execs");
                report.latencyHeader();
                Latency batch = new Latency();
                Latency separate = new Latency();
                Latency execs = new Latency();
                for (int round = 0; round < 50; round++) {
                    int priority = 1 + round % 2;
                    long start = System.nanoTime();
                    remote.setScheduler(SchedulerRequest.of(vm.pid(), vcpus, SchedPolicy.FIFO, priority));
                    batch.record(start, System.nanoTime());
                    start = System.nanoTime();
                    for (int tid : vcpus) {
                        remote.setScheduler(SchedulerRequest.of(vm.pid(), List.of(tid), SchedPolicy.FIFO, 3 - priority));
                    }
                    separate.record(start, System.nanoTime());
                    if (round < 10) {
                        start = System.nanoTime();
                        for (int tid : vcpus) {
                            ExecBaseline.run(ExecBaseline.chrt(priority, tid));
                        }
                        execs.record(start, System.nanoTime());
                    }
                }
                report.row("one SetScheduler call, 64 threads", batch);
                report.row("64 SetScheduler calls, 1 thread each", separate);
                report.row("64 execs of chrt", execs);
                report.ratio("batch vs 64 execs, p50", execs.p50Micros() / batch.p50Micros());
                report.ratio("batch vs 64 execs, mean", execs.meanMicros() / batch.meanMicros());
                report.ratio("batch vs 64 calls, mean", separate.meanMicros() / batch.meanMicros());

                report.section("5. Boot storm: " + vms + " VMs x 8 vCPUs, memlock + sched + housekeeping each");
                report.line(BootStorm.run(remote, vms, work));

                report.section("7. batond memory");
                report.line("| state | VmRSS |");
                report.line("|---|---|");
                report.line("| idle after start | " + idleRss / 1024 + " MiB |");
                List<VarlinkClient> open = new ArrayList<>();
                try {
                    for (int i = 0; i < 1000; i++) {
                        VarlinkClient client = VarlinkClient.connect(batond.socket());
                        client.call("org.varlink.service.GetInfo", null);
                        open.add(client);
                    }
                    report.line("| 1,000 open connections | " + batond.rssKib() / 1024 + " MiB |");
                } finally {
                    open.forEach(VarlinkClient::close);
                }
                measure(remote, vm.pid(), vcpus, 8, 50_000);
                long before = batond.rssKib();
                measure(remote, vm.pid(), vcpus, 8, rssCalls);
                long after = batond.rssKib();
                report.line("| after 50,000 warm-up calls | " + before / 1024 + " MiB |");
                report.line(String.format("| after %,d more calls | %d MiB (%+.1f%%) |", rssCalls, after / 1024,
                        100.0 * (after - before) / before));
            }
            report.section("8. CLI one-shot, JVM start included");
            report.line(CliStartup.run(home, vm.pid()));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Baton runtime(String backend, Path socket, int connections) {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        if (socket != null) {
            builder.pluginConfig("remote-handler", Map.of("socket", socket.toString(),
                    "maxConnections", Integer.toString(connections)));
        }
        Hook.all().forEach(hook -> builder.route(hook, backend));
        return builder.build();
    }

    /** {@code calls} scheduler calls spread over {@code clients} threads, each on its own vCPU thread. */
    static Latency measure(Baton baton, int pid, List<Integer> vcpus, int clients, long calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Latency>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int tid = vcpus.get(c % vcpus.size());
                long share = calls / clients;
                results.add(pool.submit(() -> {
                    Latency latency = new Latency();
                    for (long i = 0; i < share; i++) {
                        long start = System.nanoTime();
                        baton.setScheduler(SchedulerRequest.of(pid, List.of(tid), SchedPolicy.FIFO, 1 + (int) (i % 2)));
                        latency.record(start, System.nanoTime());
                    }
                    return latency;
                }));
            }
            Latency total = new Latency();
            for (Future<Latency> result : results) {
                total.add(result.get());
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    static Latency memlock(Baton baton, int pid, int calls) {
        MemlockLimit current = ProcFs.memlockLimits(pid).hard();
        Latency latency = new Latency();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            baton.setMaxMemlock(new MemlockRequest(pid, current, false));
            latency.record(start, System.nanoTime());
        }
        return latency;
    }

    static Latency exec(int count, java.util.function.IntFunction<List<String>> command) {
        Latency latency = new Latency();
        for (int i = 0; i < count; i++) {
            List<String> argv = command.apply(i);
            long start = System.nanoTime();
            ExecBaseline.run(argv);
            latency.record(start, System.nanoTime());
        }
        return latency;
    }
}
