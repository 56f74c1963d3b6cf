package dev.baton.varlink;

import java.util.OptionalInt;

/**
 * The kernel's word on who is at the other end of a connection, taken once when the connection was accepted.
 * Never derived from message content, so a client cannot claim to be someone else.
 *
 * @param pid   process id from SO_PEERCRED; may be recycled once that process exits, prefer {@code pidfd}
 * @param uid   user id from SO_PEERCRED
 * @param gid   group id from SO_PEERCRED
 * @param pidfd a pidfd for the peer process from SO_PEERPIDFD (Linux 6.5+), empty where the kernel lacks it.
 *              The server owns it and closes it once the connection is closed and its last call has returned:
 *              use it only during a call, never close it, and {@code dup} it to keep it longer.
 */
public record VarlinkPeer(int pid, int uid, int gid, OptionalInt pidfd) {
}
