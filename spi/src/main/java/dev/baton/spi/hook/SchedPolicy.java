package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.ClientText;
import dev.baton.spi.error.InvalidRequestException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A Linux scheduling policy, with its kernel number (include/uapi/linux/sched.h). */
@Unstable
public enum SchedPolicy {
    OTHER(0),
    FIFO(1),
    RR(2),
    BATCH(3),
    IDLE(5);

    private static final SchedPolicy[] ALL = values();

    private final int kernelValue;
    private final String id;

    SchedPolicy(int kernelValue) {
        this.kernelValue = kernelValue;
        this.id = name().toLowerCase(Locale.ROOT);
    }

    public int kernelValue() {
        return kernelValue;
    }

    /** FIFO and RR take priorities 1..99; the others take 0. */
    public boolean isRealtime() {
        return this == FIFO || this == RR;
    }

    /** The lower-case name used in the CLI, the protocol and the policy file: "fifo", "other", ... */
    public String id() {
        return id;
    }

    public static Optional<SchedPolicy> fromKernel(int value) {
        for (SchedPolicy policy : ALL) { // read back for every thread of every call: no stream, no copy
            if (policy.kernelValue == value) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** The policy whose {@link #id()} is exactly {@code id}; empty for anything else, null included. */
    public static Optional<SchedPolicy> fromId(String id) {
        for (SchedPolicy policy : ALL) {
            if (policy.id.equals(id)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** Every id, for messages: "other, fifo, rr, batch, idle". */
    public static String ids() {
        return Arrays.stream(ALL).map(SchedPolicy::id).collect(Collectors.joining(", "));
    }

    /** Like {@link #fromId}, in any case; throws a typed error naming the valid ids. */
    public static SchedPolicy parse(String id) {
        return fromId(id == null ? null : id.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidRequestException("policy", "must be one of " + ids()
                        + " (got '" + (id == null ? null : ClientText.printable(id, 32)) + "')"));
    }

    @Override
    public String toString() {
        return "SCHED_" + name();
    }
}
