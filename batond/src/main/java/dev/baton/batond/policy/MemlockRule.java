package dev.baton.batond.policy;

/**
 * @param maxBytes       the highest finite limit a client may set; always present, a policy without it is an error
 * @param allowUnlimited whether a client may set RLIM_INFINITY
 */
public record MemlockRule(long maxBytes, boolean allowUnlimited) {}
