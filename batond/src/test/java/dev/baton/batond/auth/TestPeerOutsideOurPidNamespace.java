package dev.baton.batond.auth;

import dev.baton.linux.PidFd;
import dev.baton.linux.ProcessCapabilities;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.varlink.VarlinkPeer;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SO_PEERCRED reports pid 0 for a peer in a pid namespace batond cannot see, while SO_PEERPIDFD still hands over a
 * live pidfd. Several syscalls read pid 0 as "the caller itself" (capget would answer with batond's own full
 * capability set), so such a peer must be refused before anything is read about it. The connection is built by
 * hand here because this machine offers no second pid namespace to connect from; the pidfd is a real one.
 */
final class TestPeerOutsideOurPidNamespace {
    @Test
    void aPeerWithoutAPidIsRefusedEvenWithALivePidfd() {
        try (PidFd self = PidFd.open((int) ProcessHandle.current().pid())) {
            VarlinkPeer unseen = new VarlinkPeer(0, 65534, 65534, OptionalInt.of(self.fd()));
            NotAuthorizedException e = assertThrows(NotAuthorizedException.class,
                    () -> Peer.identify(unseen, Optional.empty()));
            assertEquals("not authorized: batond cannot see the calling process (SO_PEERCRED pid 0: it runs in a pid"
                    + " namespace batond is not in) and refuses to act for it", e.getMessage());
        }
    }

    @Test
    void capabilitiesOfPidZeroAreNeverBatondsOwn() {
        assertThrows(NoSuchProcessException.class, () -> ProcessCapabilities.of(0));
        assertThrows(NoSuchProcessException.class, () -> ProcessCapabilities.of(-1));
    }
}
