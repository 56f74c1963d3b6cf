package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections over a limit get PermissionDenied and are closed; freed slots can be taken again. */
class ConnectionLimitTest {

    @TempDir
    Path dir;

    @Test
    void connectionsOverThePerUidLimitAreRefusedWithPermissionDenied() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.maxConnectionsPerUid(2))) {
            VarlinkClient first = fixture.client();
            try (VarlinkClient second = fixture.client(); VarlinkClient third = fixture.client()) {
                first.call("org.varlink.service.GetInfo");
                second.call("org.varlink.service.GetInfo");

                VarlinkException refused = assertThrows(VarlinkException.class,
                        () -> third.call("org.varlink.service.GetInfo"));
                assertEquals(VarlinkErrors.PERMISSION_DENIED, refused.errorName());
                assertThrows(java.io.IOException.class, () -> third.call("org.varlink.service.GetInfo"),
                        "the refused connection is closed");
                assertEquals(2, fixture.server.connectionCount());

                first.close();
                awaitAcceptedConnection(fixture); // the slot of the closed connection is free again
                second.call("org.varlink.service.GetInfo");
            }
        }
    }

    @Test
    void connectionsOverTheTotalLimitAreRefusedToo() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.maxConnections(1));
             VarlinkClient only = fixture.client();
             VarlinkClient extra = fixture.client()) {
            only.call("org.varlink.service.GetInfo");
            assertEquals(VarlinkErrors.PERMISSION_DENIED, assertThrows(VarlinkException.class,
                    () -> extra.call("org.varlink.service.GetInfo")).errorName());
            assertThrows(java.io.IOException.class, () -> extra.call("org.varlink.service.GetInfo"),
                    "the refused connection is closed");
            assertFalse(extra.isOpen(), "and the client noticed");
            only.call("org.varlink.service.GetInfo");
        }
    }

    /** Retries until a new connection is admitted: the server frees a slot when it sees the close. */
    private static void awaitAcceptedConnection(ServerFixture fixture) throws Exception {
        long guard = System.currentTimeMillis() + 10_000;
        while (true) {
            try (VarlinkClient client = fixture.client()) {
                client.call("org.varlink.service.GetInfo");
                return;
            } catch (VarlinkException e) {
                assertEquals(VarlinkErrors.PERMISSION_DENIED, e.errorName());
                if (System.currentTimeMillis() > guard) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }
}
