package dev.baton.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective capabilities of this process, from /proc/self/status. */
final class Capabilities {
    static final int CAP_SYS_PTRACE = 19;
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_SYS_NICE = 23;
    static final int CAP_SYS_RESOURCE = 24;

    private final long effective;

    private Capabilities(long effective) {
        this.effective = effective;
    }

    static Capabilities current() {
        try {
            String line = Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("CapEff:")).findFirst().orElse("CapEff: 0");
            return new Capabilities(Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16));
        } catch (IOException | NumberFormatException e) {
            return new Capabilities(0);
        }
    }

    boolean has(int capability) {
        return (effective & (1L << capability)) != 0;
    }
}
