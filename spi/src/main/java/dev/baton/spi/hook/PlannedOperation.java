package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One step of a dry-run plan: what would be done to which process or threads, next to the current values that
 * could be read without privilege.
 *
 * @param sequence 1-based position in the plan
 * @param hook     the hook id
 * @param action   the syscall or file write that would be made, e.g. "prlimit64(RLIMIT_MEMLOCK)"
 * @param current  values read now (unprivileged), by name; "unreadable" where a read failed
 * @param planned  the values that would be set, by name
 */
@Unstable
public record PlannedOperation(int sequence, String hook, int pid, List<Integer> tids, String action,
                               Map<String, String> current, Map<String, String> planned) {
    public PlannedOperation {
        requireNonNull(hook, "hook is null");
        requireNonNull(action, "action is null");
        tids = List.copyOf(tids);
        current = Map.copyOf(current);
        planned = Map.copyOf(planned);
    }
}
