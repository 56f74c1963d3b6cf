package dev.baton.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.standin.StandInVmProcess;
import dev.baton.varlink.VarlinkClient;
import dev.baton.varlink.VarlinkException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An unprivileged VM launcher, as the RFC imagines virt-launcher: it starts a stand-in VM and performs each step
 * either directly (the kernel answers EPERM) or through core routed to remote-handler, which passes the baton to
 * batond. {@code baton demo} and the batond tests run it as uid 65534 and drive it over stdin/stdout:
 *
 * <pre>
 *   start-vm                              -> VM pid name=tid;name=tid;...  (the first one is "the VM"; each
 *                                            further one is another child, already running, e.g. a
 *                                            live-migration destination)
 *   on PID COMMAND                        COMMAND aimed at the VM PID instead of the first one
 *   direct-sched POLICY PRIO TID...       -> OK direct - | ERR Kind message
 *   sched POLICY PRIO TID...              -> OK backend verification\t{summary} | ERR Kind message
 *   sched-cpus POLICY PRIO CPUS TID...    (same, with an affinity)
 *   sched-pid PID POLICY PRIO TID...      (another target)
 *   memlock BYTES|unlimited
 *   housekeeping NAME TID...
 *   inspect vm|PID
 *   raw METHOD JSON                       -> OK {reply} | ERR error.Name {parameters}: the call sent as-is over
 *                                            a fresh connection, bypassing client-side validation, as a
 *                                            hostile or non-Java client would
 *   quit
 * </pre>
 *
 * Arguments: SOCKET [PLUGINS_DIR].
 */
public final class DemoLauncher {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoLauncher() {}

    public static void main(String[] args) throws Exception {
        System.out.println("LAUNCHER " + ProcessHandle.current().pid());
        System.out.flush();
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                .pluginConfig("remote-handler", Map.of("socket", args[0], "retryDeadlineMillis", "3000"));
        if (args.length > 1) {
            builder.pluginsDirectory(Path.of(args[1]));
        }
        Hook.all().forEach(hook -> builder.route(hook, "remote-handler"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<StandInVmProcess> vms = new ArrayList<>();
        try (Baton baton = builder.build()) {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("start-vm")) {
                    StandInVmProcess vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"),
                            List.of("-Djna.tmpdir=" + System.getProperty("jna.tmpdir", "/tmp")), 4);
                    vms.add(vm);
                    System.out.println("VM " + vm.pid() + " " + vm.threads().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
                } else {
                    System.out.println(line.startsWith("raw ") ? raw(Path.of(args[0]), line)
                            : run(baton, vms.isEmpty() ? 0 : vms.get(0).pid(), line.split(" ")));
                }
                System.out.flush();
            }
        } finally {
            vms.forEach(StandInVmProcess::close);
        }
    }

    static String run(Baton baton, int vmPid, String[] words) {
        if (words.length > 2 && words[0].equals("on")) {
            try {
                return run(baton, Integer.parseInt(words[1]), Arrays.copyOfRange(words, 2, words.length));
            } catch (NumberFormatException e) {
                return "ERR Usage 'on' needs a pid, not '" + words[1] + "'";
            }
        }
        try {
            switch (words[0]) {
                case "direct-sched" -> {
                    for (int tid : ints(words, 3)) {
                        ThreadScheduling.set(vmPid, tid, SchedPolicy.parse(words[1]), Integer.parseInt(words[2]), false);
                    }
                    return "OK direct -";
                }
                case "sched" -> {
                    return ok(baton.setScheduler(SchedulerRequest.of(vmPid, ints(words, 3), SchedPolicy.parse(words[1]),
                            Integer.parseInt(words[2]))));
                }
                case "sched-cpus" -> {
                    return ok(baton.setScheduler(new SchedulerRequest(vmPid, ints(words, 4), SchedPolicy.parse(words[1]),
                            Integer.parseInt(words[2]), CpuList.parse(words[3]), false)));
                }
                case "sched-pid" -> {
                    return ok(baton.setScheduler(SchedulerRequest.of(Integer.parseInt(words[1]), ints(words, 4),
                            SchedPolicy.parse(words[2]), Integer.parseInt(words[3]))));
                }
                case "memlock" -> {
                    MemlockLimit limit = words[1].equals("unlimited") ? MemlockLimit.UNLIMITED
                            : MemlockLimit.ofBytes(Long.parseLong(words[1]));
                    return ok(baton.setMaxMemlock(MemlockRequest.raiseTo(vmPid, limit)));
                }
                case "housekeeping" -> {
                    List<Integer> tids = ints(words, 2);
                    ThreadCgroups before = ThreadCgroups.read(vmPid, tids);
                    Outcome<HousekeepingResult> outcome =
                            baton.moveThreads(new HousekeepingRequest(vmPid, tids, words[1], List.of()));
                    ObjectNode summary = OutcomeSummary.of(outcome, JsonNodeFactory.instance.objectNode());
                    summary.put("before", before.on(outcome.result().layout()));
                    return ok(outcome, summary);
                }
                case "inspect" -> {
                    return ok(baton.inspect(new InspectRequest(words[1].equals("vm") ? vmPid : Integer.parseInt(words[1]))));
                }
                default -> {
                    return "ERR Usage unknown command " + Arrays.toString(words);
                }
            }
        } catch (BatonException e) {
            return "ERR " + e.kind() + " " + e.getMessage().replace('\n', ' ');
        } catch (RuntimeException e) {
            return "ERR " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    private static String raw(Path socket, String line) {
        String[] parts = line.split(" ", 3);
        try (VarlinkClient client = VarlinkClient.connect(socket)) {
            ObjectNode params = parts.length > 2 ? (ObjectNode) JSON.readTree(parts[2]) : null;
            return "OK " + client.call(parts[1], params);
        } catch (VarlinkException e) {
            return "ERR " + e.errorName() + " " + e.parameters();
        } catch (Exception e) {
            return "ERR " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
    }

    private static String ok(Outcome<?> outcome) {
        return ok(outcome, OutcomeSummary.of(outcome, JsonNodeFactory.instance.objectNode()));
    }

    private static String ok(Outcome<?> outcome, ObjectNode summary) {
        return "OK " + outcome.backend() + " " + outcome.verification() + "\t" + summary;
    }

    private static List<Integer> ints(String[] words, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < words.length; i++) {
            out.add(Integer.parseInt(words[i]));
        }
        return out;
    }
}
