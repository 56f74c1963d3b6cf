package dev.baton.plugins.dryrun;

import dev.baton.spi.hook.PlannedOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ordered list of operations recorded so far. Thread-safe: a launcher may plan from several threads. */
final class Plan {
    private final List<PlannedOperation> operations = new ArrayList<>();

    synchronized void record(String hook, int pid, List<Integer> tids, String action, Map<String, String> current,
                             Map<String, String> planned) {
        operations.add(new PlannedOperation(operations.size() + 1, hook, pid, tids, action, current, planned));
    }

    synchronized List<PlannedOperation> operations() {
        return List.copyOf(operations);
    }
}
