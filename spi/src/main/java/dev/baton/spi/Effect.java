package dev.baton.spi;

/** Whether a plugin's handlers change the system. Core verifies the first kind and marks the second "planned". */
@Unstable
public enum Effect {
    /** The handler performs the operation; core re-reads the real state afterwards. */
    APPLIES,
    /** The handler only records what it would do (dry-run); nothing can be verified. */
    PLANS_ONLY
}
