package dev.baton.plugins.localroot;

import dev.baton.linux.Errno;
import dev.baton.linux.KernelFailure;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.OperationFailedException;

/**
 * What cgroupfs errors mean, in words: the kernel reuses a handful of errnos for very different cgroup rules, and
 * "EBUSY" alone tells an operator nothing.
 */
final class CgroupFailure {
    private CgroupFailure() {}

    static BatonException of(int errno, int pid, String operation) {
        return switch (errno) {
            case Errno.ENOSPC -> new OperationFailedException(errno, "cannot " + operation + ": ENOSPC: the cpuset has"
                    + " no cpus or no mems; cpuset.cpus and cpuset.mems must be set before threads can join");
            case Errno.EOPNOTSUPP -> new OperationFailedException(errno, "cannot " + operation + ": EOPNOTSUPP: the"
                    + " parent cgroup cannot host threaded children (a domain-only controller such as memory or io is"
                    + " enabled in its cgroup.subtree_control)");
            case Errno.EBUSY -> new OperationFailedException(errno, "cannot " + operation + ": EBUSY: the cgroup cannot"
                    + " change type now (threaded mode is one-way, and a cgroup with processes or domain children"
                    + " cannot become threaded)");
            case Errno.ELOOP -> new OperationFailedException(errno, "cannot " + operation + ": ELOOP: refusing to"
                    + " follow a symbolic link in cgroupfs");
            case Errno.EINVAL, Errno.ERANGE -> new OperationFailedException(errno, "cannot " + operation + ": "
                    + Errno.name(errno) + ": the kernel rejected the value (cpus must exist and be a subset of the"
                    + " parent cpuset's)");
            default -> KernelFailure.of(errno, pid, operation, null);
        };
    }

    /** Writes {@code content} to {@code file} or throws the explained failure. */
    static void write(java.nio.file.Path file, String content, int pid, String operation) {
        int errno = dev.baton.linux.KernelFiles.write(file, content);
        if (errno != 0) {
            throw of(errno, pid, operation);
        }
    }
}
