package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.varlink.Certification.ClientId;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives {@link VarlinkClient} through the certification: Start, Test01 ... Test11, End, each call built from the
 * previous reply, each reply bound to its record and compared with what the interface prescribes.
 */
final class CertificationSequence {

    private static final String M = Certification.INTERFACE + ".";

    private CertificationSequence() {
    }

    /**
     * Test09's value, which Test10 sends back. Implementations disagree on the keys of the second
     * {@code interface.foo} map (Python: foo/bar, Go: Foo/Bar), so that map is checked by shape; the server
     * judges the echo in Test10.
     */
    private static void assertMyType(Certification.MyType mytype) {
        Certification.MyType expected = Certification.MYTYPE;
        assertEquals(new Certification.Interface(null, expected.iface().anon()),
                new Certification.Interface(null, mytype.iface().anon()), "Test09 interface.anon");
        assertEquals(expected, new Certification.MyType(mytype.object(), mytype.enumValue(), mytype.struct(),
                mytype.array(), mytype.dictionary(), mytype.stringset(), mytype.nullable(),
                mytype.nullable_array_struct(), expected.iface()), "Test09 mytype");
        var foo = mytype.iface().foo();
        assertEquals(4, foo.size(), "Test09 interface.foo");
        assertEquals(java.util.Arrays.asList(null, null), java.util.Arrays.asList(foo.get(0), foo.get(2)));
        assertEquals(java.util.Set.of(Certification.FooBarBaz.foo, Certification.FooBarBaz.bar),
                java.util.Set.copyOf(foo.get(1).values()));
        assertEquals(expected.iface().foo().get(3), foo.get(3), "Test09 interface.foo[3]");
    }

    /** Runs the whole sequence; returns End's {@code all_ok}. */
    static boolean run(VarlinkClient client) throws Exception {
        String id = client.call(M + "Start", new Certification.NoParameters(), ClientId.class).client_id();
        assertTrue(!id.isEmpty(), "Start returns a client id");

        boolean b = client.call(M + "Test01", new ClientId(id), Certification.Bool.class).value();
        assertTrue(b, "Test01");
        long i = client.call(M + "Test02", new Certification.Test02(id, b), Certification.Int.class).value();
        assertEquals(1, i, "Test02");
        double f = client.call(M + "Test03", new Certification.Test03(id, i), Certification.Float.class).value();
        assertEquals(1.0, f, "Test03");
        String s = client.call(M + "Test04", new Certification.Test04(id, f), Certification.Str.class).value();
        assertEquals("ping", s, "Test04");
        Certification.Four four = client.call(M + "Test05", new Certification.Test05(id, s), Certification.Four.class);
        assertEquals(Certification.FOUR, four, "Test05");
        Certification.Four struct = client.call(M + "Test06",
                new Certification.Test06(id, four.b(), four.i(), four.f(), four.s()),
                Certification.StructReply.class).struct();
        assertEquals(Certification.FOUR, struct, "Test06");
        var map = client.call(M + "Test07", new Certification.Test07(id, struct), Certification.MapReply.class).map();
        assertEquals(Certification.MAP, map, "Test07");
        var set = client.call(M + "Test08", new Certification.Test08(id, map), Certification.SetReply.class).set();
        assertEquals(Certification.SET, set, "Test08");
        Certification.MyType mytype = client.call(M + "Test09", new Certification.Test09(id, set),
                Certification.MyTypeReply.class).mytype();
        assertMyType(mytype);

        List<String> replies = new ArrayList<>();
        try (VarlinkReplyStream stream = client.callMore(M + "Test10",
                VarlinkBinding.toParameters(new Certification.Test10(id, mytype)))) {
            while (stream.hasNext()) {
                ObjectNode reply = stream.next();
                replies.add(VarlinkBinding.fromReply(reply, Certification.Str.class).value());
            }
        }
        assertEquals(Certification.MORE_REPLIES, replies, "Test10 streams ten replies");

        client.oneway(M + "Test11", VarlinkBinding.toParameters(new Certification.Test11(id, replies)));

        return client.call(M + "End", new ClientId(id), Certification.AllOk.class).all_ok();
    }
}
