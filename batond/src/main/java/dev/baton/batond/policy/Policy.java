package dev.baton.batond.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** batond's authorization policy. It denies by default: a peer that no rule matches may do nothing. */
public record Policy(List<ClientRule> clients) {
    public Policy {
        clients = List.copyOf(clients);
    }

    /**
     * True if deciding some call reads a cgroup file (a rule matching on {@code cgroupPrefix}, or scoped to
     * {@code same-cgroup}): such reads can wait on the kernel's cgroup locks while another process is being moved.
     */
    public boolean readsCgroups() {
        return clients.stream().anyMatch(rule -> rule.match().cgroupPrefix() != null
                || rule.targets() == TargetScope.SAME_CGROUP);
    }

    /** The first rule, in file order, that matches the peer. */
    public Optional<ClientRule> ruleFor(int uid, int gid, Supplier<String> cgroupPath) {
        return clients.stream().filter(rule -> rule.match().matches(uid, gid, cgroupPath)).findFirst();
    }
}
