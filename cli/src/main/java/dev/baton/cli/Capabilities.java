package dev.baton.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The effective and bounding capability sets of this process, from /proc/self/status. */
final class Capabilities {
    static final int CAP_SYS_PTRACE = 19;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_SYS_NICE = 23;
    static final int CAP_SYS_RESOURCE = 24;

    /** The capabilities some hook of Baton needs in-process, by name, in the order doctor lists them. */
    static final Map<String, Integer> USED_BY_BATON = orderedNames();

    private final long effective;
    private final long bounding;

    Capabilities(long effective, long bounding) {
        this.effective = effective;
        this.bounding = bounding;
    }

    static Capabilities current() {
        try {
            List<String> lines = Files.readString(Path.of("/proc/self/status")).lines().toList();
            return new Capabilities(mask(lines, "CapEff:"), mask(lines, "CapBnd:"));
        } catch (IOException | NumberFormatException e) {
            return new Capabilities(0, 0);
        }
    }

    boolean has(int capability) {
        return (effective & (1L << capability)) != 0;
    }

    /** False if no process started under this bounding set can ever hold the capability, root included. */
    boolean obtainable(int capability) {
        return (bounding & (1L << capability)) != 0;
    }

    private static long mask(List<String> lines, String key) {
        String line = lines.stream().filter(l -> l.startsWith(key)).findFirst().orElse(key + " 0");
        return Long.parseUnsignedLong(line.substring(key.length()).trim(), 16);
    }

    private static Map<String, Integer> orderedNames() {
        Map<String, Integer> names = new LinkedHashMap<>();
        names.put("CAP_SYS_NICE", CAP_SYS_NICE);
        names.put("CAP_SYS_RESOURCE", CAP_SYS_RESOURCE);
        names.put("CAP_SYS_PTRACE", CAP_SYS_PTRACE);
        names.put("CAP_SYS_ADMIN", CAP_SYS_ADMIN);
        return Collections.unmodifiableMap(names);
    }
}
