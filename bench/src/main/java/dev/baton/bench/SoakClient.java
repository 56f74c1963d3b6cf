package dev.baton.bench;

import dev.baton.core.Baton;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.standin.StandInVmProcess;
import dev.baton.varlink.VarlinkClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One unprivileged client of the soak test ({@link Soak}), run as uid 65534: first many short connections, then
 * many scheduler calls on its own stand-in VM through remote-handler. Prints "DONE connections calls errors".
 */
public final class SoakClient {
    private SoakClient() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int connections = Integer.parseInt(args[1]);
        long calls = Long.parseLong(args[2]);
        int connected = 0;
        for (int i = 0; i < connections; i++) {
            try (VarlinkClient client = VarlinkClient.connect(socket)) {
                client.call("org.varlink.service.GetInfo", null);
                connected++;
            } catch (Exception refused) {
                // counted as an attempt that did not get through; the driver reports the difference
            }
        }
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                .pluginConfig("remote-handler", Map.of("socket", socket.toString(), "maxConnections", "1"));
        Hook.all().forEach(hook -> builder.route(hook, "remote-handler"));
        long errors = 0;
        long made = 0; // counted, not assumed: the driver checks the audit log against what was really sent
        try (StandInVmProcess vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"),
                List.of("-Djna.tmpdir=" + System.getProperty("jna.tmpdir", "/tmp")), 1);
             Baton baton = builder.build()) {
            int vcpu = vm.tid("CPU 0/KVM");
            for (long i = 0; i < calls; i++, made++) {
                try {
                    baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1 + (int) (i % 2)));
                } catch (BatonException e) {
                    errors++;
                    if (errors <= 5) {
                        System.err.println("soak client: call " + i + " failed: " + e.getMessage());
                    }
                }
            }
        }
        System.out.println("DONE " + connected + " " + made + " " + errors);
    }
}
