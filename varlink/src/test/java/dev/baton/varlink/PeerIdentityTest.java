package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer identity comes from the kernel: SO_PEERCRED and SO_PEERPIDFD of the connection. */
class PeerIdentityTest {

    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void credentialsAreThoseOfTheConnectingProcess() throws Exception {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        try (VarlinkClient client = fixture.client()) {
            ObjectNode me = client.call("dev.baton.test.Whoami");
            assertEquals(ProcessHandle.current().pid(), me.path("pid").asLong());
            assertEquals(uid, me.path("uid").asInt());
            assertEquals(gid, me.path("gid").asInt());
        }
    }

    @Test
    void thePidfdRefersToThePeerWhileConnectedAndIsClosedAfterwards() throws Exception {
        int pidfd;
        try (VarlinkClient client = fixture.client()) {
            ObjectNode me = client.call("dev.baton.test.Whoami");
            assertTrue(me.hasNonNull("pidfd"), "this kernel has SO_PEERPIDFD (Linux 6.5+), expected a pidfd: " + me);
            pidfd = me.path("pidfd").asInt();
            // fdinfo of a pidfd names the process it refers to: here, this test process.
            assertEquals(ProcessHandle.current().pid(), me.path("pidfd_pid").asLong());
            assertEquals(me.path("pidfd_pid").asLong(), (long) TestService.pidOfPidfd(pidfd),
                    "still open between calls");
        }
        long guard = System.currentTimeMillis() + 10_000;
        while (Integer.valueOf((int) ProcessHandle.current().pid()).equals(TestService.pidOfPidfd(pidfd))
                && System.currentTimeMillis() < guard) {
            Thread.sleep(10); // the server closes it asynchronously after the disconnect
        }
        assertTrue(!Integer.valueOf((int) ProcessHandle.current().pid()).equals(TestService.pidOfPidfd(pidfd)),
                "pidfd " + pidfd + " must be closed once the connection is gone");
    }

    @Test
    void eachConnectionHasItsOwnPidfd() throws Exception {
        try (VarlinkClient a = fixture.client(); VarlinkClient b = fixture.client()) {
            int fdA = a.call("dev.baton.test.Whoami").path("pidfd").asInt();
            int fdB = b.call("dev.baton.test.Whoami").path("pidfd").asInt();
            assertTrue(fdA != fdB, "two open connections cannot share one pidfd");
        }
    }
}
