package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.ClientText;
import dev.baton.spi.error.InvalidRequestException;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the name of a child cgroup: exactly one safe path component.
 *
 * <p>Dots are refused outright. That rules out {@code .} and {@code ..}, and also every kernel interface file
 * ({@code cgroup.procs}, {@code cpuset.cpus}, ...), because all of those contain a dot; the three v1 files without
 * one are listed explicitly. The length cap keeps names far below NAME_MAX and rules out ACL tricks with
 * over-long names (CVE-2019-13164).
 */
@Unstable
public final class CgroupName {
    public static final int MAX_LENGTH = 64;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final Set<String> KERNEL_FILES_WITHOUT_DOT = Set.of("tasks", "notify_on_release", "release_agent");

    private CgroupName() {}

    /** Returns {@code name} if it is safe, otherwise throws an error that says why it is not. */
    public static String requireSafe(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidRequestException("cgroup", "must be a non-empty name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidRequestException("cgroup", "must be at most " + MAX_LENGTH + " characters (got "
                    + name.length() + ")");
        }
        if (!SAFE.matcher(name).matches()) {
            throw new InvalidRequestException("cgroup", "must be one path component of letters, digits, '_' and '-'"
                    + " (no '/', no '.', not starting with '-'), got '" + printable(name) + "'");
        }
        if (KERNEL_FILES_WITHOUT_DOT.contains(name)) {
            throw new InvalidRequestException("cgroup", "'" + name + "' is the name of a kernel cgroup file");
        }
        return name;
    }

    /** Keeps hostile names from injecting control characters into messages and logs. */
    static String printable(String name) {
        return ClientText.printable(name, MAX_LENGTH);
    }
}
