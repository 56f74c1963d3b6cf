package dev.baton.batond.policy;

/** @param maxBytes the highest limit a client may set; null for no byte cap (only "unlimited" is then gated) */
public record MemlockRule(Long maxBytes, boolean allowUnlimited) {}
