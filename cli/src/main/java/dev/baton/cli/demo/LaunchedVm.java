package dev.baton.cli.demo;

import java.util.Map;

/** A stand-in VM a {@link DemoLauncher} started: its pid and its threads by name. */
public record LaunchedVm(int pid, Map<String, Integer> threads) {
    public LaunchedVm {
        threads = Map.copyOf(threads);
    }

    public int tid(String name) {
        Integer tid = threads.get(name);
        if (tid == null) {
            throw new IllegalArgumentException("VM " + pid + " has no thread named '" + name + "'");
        }
        return tid;
    }
}
