package dev.baton.batond.testing;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A VM launcher as the RFC imagines it, run by the tests as uid 65534: it starts a QEMU-like child and then, on
 * command, tries operations directly (the kernel says EPERM) or through core routed to remote-handler -> batond.
 *
 * <p>Protocol on stdin/stdout, one line each way: "start-vm" answers "VM pid name=tid;..."; every other command
 * answers "OK backend verification" or "ERR Kind message".
 */
public final class ScriptedLauncher {
    private ScriptedLauncher() {}

    public static void main(String[] args) throws Exception {
        String socket = args[0];
        System.out.println("LAUNCHER " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        QemuLikeChild vm = null;
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                .pluginConfig("remote-handler", Map.of("socket", socket, "retryDeadlineMillis", "3000"));
        Hook.all().forEach(hook -> builder.route(hook, "remote-handler"));
        try (Baton baton = builder.build()) {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("start-vm")) {
                    vm = QemuLikeChild.start(4);
                    System.out.println("VM " + vm.pid() + " " + vm.threads().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";")));
                } else {
                    System.out.println(run(baton, vm, line.split(" ")));
                }
                System.out.flush();
            }
        } finally {
            if (vm != null) {
                vm.close();
            }
        }
    }

    private static String run(Baton baton, QemuLikeChild vm, String[] words) {
        try {
            int vmPid = vm == null ? 0 : vm.pid();
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
                    return ok(baton.moveThreads(new HousekeepingRequest(vmPid, ints(words, 2), words[1], List.of())));
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

    private static String ok(Outcome<?> outcome) {
        return "OK " + outcome.backend() + " " + outcome.verification();
    }

    private static List<Integer> ints(String[] words, int from) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < words.length; i++) {
            out.add(Integer.parseInt(words[i]));
        }
        return out;
    }
}
