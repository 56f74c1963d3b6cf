package dev.baton.delegation;

import dev.baton.varlink.VarlinkNullable;

import java.util.List;

/**
 * The parameters and replies of {@code dev.baton.delegation}, one record per IDL struct. {@code VarlinkBinding}
 * maps them strictly: a wrong type, a missing field or an unknown field is {@code InvalidParameter}.
 */
public final class Wire {
    private Wire() {}

    public record Limit(long bytes, boolean unlimited) {}

    public record Limits(Limit soft, Limit hard) {}

    public record ThreadState(String policy, int priority, boolean resetOnFork, List<Integer> cpus) {}

    public record ThreadResult(int tid, ThreadState before, ThreadState after, String outcome,
                               @VarlinkNullable String error) {}

    public record NegotiateParams(List<Integer> clientVersions) {}

    public record NegotiateReply(int apiVersion, List<Integer> daemonVersions, List<String> hooks, String daemon) {}

    public record SetMaxMemLockParams(int apiVersion, int pid, Long bytes, Boolean unlimited, Boolean onlyRaise,
                                      Long startTime) {}

    public record SetMaxMemLockReply(int pid, Limits before, Limits after, boolean changed) {}

    public record SetSchedulerParams(int apiVersion, int pid, List<Integer> tids, String policy, int priority,
                                     @VarlinkNullable List<Integer> cpus, Boolean allOrNothing, Long startTime) {}

    public record SetSchedulerReply(int pid, List<ThreadResult> threads) {}

    public record MoveThreadsParams(int apiVersion, int pid, List<Integer> tids, String cgroup,
                                    @VarlinkNullable List<Integer> cpus, Long startTime) {}

    public record MoveThreadsReply(int pid, String layout, String cgroupPath, boolean created, List<Integer> moved) {}

    public record InspectProcessParams(int apiVersion, int pid, Long startTime) {}

    public record InspectProcessReply(int pid, String exe, int uid, int euid, int gid, int egid, int ppid,
                                      long startTime, String state, List<String> cgroups, Limits memlock) {}

    /** Every call but Negotiate carries the version it speaks, read before the rest of the parameters. */
    public record VersionOnly(int apiVersion) {}
}
