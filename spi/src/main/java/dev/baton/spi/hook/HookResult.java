package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

/** What a handler reports it did. Core checks it against the real state afterwards. */
@Unstable
public interface HookResult {
    int pid();
}
