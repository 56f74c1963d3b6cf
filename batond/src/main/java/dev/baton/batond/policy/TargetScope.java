package dev.baton.batond.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which processes a client may act on. */
public enum TargetScope {
    /** The peer itself or a descendant of it, checked by walking the ppid chain under pidfds. The default. */
    SELF_AND_DESCENDANTS,
    /** A process inside the peer's cgroup subtree (its pod), on the hierarchy that holds cpuset. */
    SAME_CGROUP,
    /** A process whose real uid is the peer's uid. */
    SAME_UID;

    /** "self-and-descendants", as written in the policy file. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<TargetScope> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }
}
