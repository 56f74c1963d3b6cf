package dev.baton.batond.auth;

import java.util.List;

/**
 * What a call asks for, in the raw form it arrived in, so that policy checks run before the values are used for
 * anything else (a cgroup name is matched against the rule's pattern before it becomes a path).
 */
public sealed interface AccessRequest {
    String hook();

    int pid();

    record Memlock(int pid, Long bytes, boolean unlimited) implements AccessRequest {
        public String hook() {
            return "memlock";
        }
    }

    record Scheduler(int pid, List<Integer> tids, String policy, int priority) implements AccessRequest {
        public String hook() {
            return "scheduler";
        }
    }

    record Housekeeping(int pid, List<Integer> tids, String cgroup) implements AccessRequest {
        public String hook() {
            return "housekeeping";
        }
    }

    record Inspect(int pid) implements AccessRequest {
        public String hook() {
            return "inspect";
        }
    }
}
