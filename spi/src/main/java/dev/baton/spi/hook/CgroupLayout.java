package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

/** Which hierarchy the housekeeping cgroup was placed in. */
@Unstable
public enum CgroupLayout {
    /** A cgroup v1 hierarchy with the cpuset controller; threads are written to {@code tasks}. */
    V1_CPUSET,
    /** The cgroup v2 unified hierarchy in threaded mode; threads are written to {@code cgroup.threads}. */
    V2_THREADED
}
