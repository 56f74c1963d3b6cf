package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.batond.testing.BatondFixture;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.baton.batond.hostile.Replies.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile frames against a real batond, sent raw by the test JVM (a root peer, whose rule would allow the call if
 * it were well formed). Most are built around one call that WOULD make a vCPU thread of the watched VM SCHED_FIFO:
 * each case proves batond answers exactly as specified, acts on nothing, writes only the records it should, and
 * goes on serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostileFrames {
    static final String POLICY = """
            clients:
              - name: root-tests
                match: { uids: [0] }
                memlock: { maxBytes: 67108864, allowUnlimited: false }
                scheduler: { policies: [fifo, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 8 }
                housekeeping: { namePattern: "[a-z][a-z0-9-]{0,31}", maxCgroupsPerProcess: 2 }
                inspect: true
            """;

    private BatondFixture batond;
    private TestCgroup pod;
    private QemuLikeChild vm;
    private AuditTrail audit;
    private int vcpu;
    private Unchanged unchanged;
    private int mark;

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        batond = BatondFixture.start(POLICY);
        audit = new AuditTrail(batond.auditFile());
        pod = TestCgroup.v1Cpuset(true);
        vm = QemuLikeChild.start(2);
        pod.adopt(vm.pid());
        vcpu = vm.tid("CPU 0/KVM");
    }

    @AfterAll
    void stop() {
        if (vm != null) {
            vm.close();
        }
        if (batond != null) {
            batond.close();
        }
        if (pod != null) {
            pod.close();
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = Unchanged.watch().process(vm.pid()).cgroupTree(pod.dir()).cgroupChildren(TestCgroup.V1_CPUSET)
                .neverRealtime((int) ProcessHandle.current().pid());
        mark = audit.mark();
    }

    @AfterEach
    void nothingChangedAndStillServing() {
        unchanged.assertNothingChanged();
        Replies.assertServes(batond.socket(), vm.pid());
        audit.records();
    }

    /** The call every malformed variant is made of: it would make vCPU 0 SCHED_FIFO 1 if it were accepted. */
    private String act() {
        return call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + vm.pid() + ",\"tids\":[" + vcpu
                + "],\"policy\":\"fifo\",\"priority\":1}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] nul(byte[] message) {
        byte[] framed = Arrays.copyOf(message, message.length + 1);
        return framed;
    }

    /** {@link #act()} with {@code bad} spliced into the policy string ("fi" bad "fo"), NUL-terminated. */
    private byte[] actWithBytesInPolicy(byte... bad) {
        String[] halves = act().split("fifo", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(halves[0] + "fi"));
        out.writeBytes(bad);
        out.writeBytes(utf8("fo" + halves[1]));
        return nul(out.toByteArray());
    }

    private String withParameters(String extra) {
        return act().substring(0, act().length() - 2) + "," + extra + "}}";
    }

    Stream<Arguments> framesThatCloseTheConnection() {
        String deepArrays = "[".repeat(10_000) + "]".repeat(10_000);
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        String parameters = act().substring(act().indexOf("\"parameters\":") + 13, act().length() - 1);
        return Stream.of(
                Arguments.of("not JSON: an array holding the call", nul(utf8("[" + act() + "]"))),
                Arguments.of("not an object: a string", nul(utf8("\"" + DelegationInterface.SET_SCHEDULER + "\""))),
                Arguments.of("not an object: a number", nul(utf8("42"))),
                Arguments.of("not an object: null", nul(utf8("null"))),
                Arguments.of("not an object: true", nul(utf8("true"))),
                Arguments.of("not JSON at all", nul(utf8("SetScheduler pid=" + vm.pid()))),
                Arguments.of("an empty frame", nul(new byte[0])),
                Arguments.of("invalid UTF-8: a stray continuation byte", actWithBytesInPolicy((byte) 0x80)),
                Arguments.of("invalid UTF-8: an overlong '/'", actWithBytesInPolicy((byte) 0xC0, (byte) 0xAF)),
                Arguments.of("invalid UTF-8: an overlong NUL", actWithBytesInPolicy((byte) 0xC0, (byte) 0x80)),
                Arguments.of("invalid UTF-8: an encoded surrogate", actWithBytesInPolicy((byte) 0xED, (byte) 0xA0,
                        (byte) 0x80)),
                Arguments.of("invalid UTF-8: 0xFF", actWithBytesInPolicy((byte) 0xFF)),
                Arguments.of("10,000-deep arrays in a parameter", nul(utf8(withParameters("\"cpus\":" + deepArrays)))),
                Arguments.of("10,000-deep objects in a parameter", nul(utf8(withParameters("\"x\":" + deepObjects)))),
                Arguments.of("an unknown top-level key", nul(utf8(act().replace("{\"method\"", "{\"id\":7,\"method\"")))),
                Arguments.of("upgrade", nul(utf8(act().replace("}}", "},\"upgrade\":true}")))),
                Arguments.of("oneway and more together", nul(utf8(act().replace("}}", "},\"oneway\":true,\"more\":true}")))),
                Arguments.of("a flag that is not a boolean", nul(utf8(act().replace("}}", "},\"oneway\":\"yes\"}")))),
                Arguments.of("parameters that are an array", nul(utf8(call(DelegationInterface.SET_SCHEDULER, "[1]")))),
                Arguments.of("two parameters members (which one would be authorized?)",
                        nul(utf8(act().replace("}}", "},\"parameters\":" + parameters.replace("fifo", "other")
                                .replace("\"priority\":1", "\"priority\":0") + "}")))),
                Arguments.of("a duplicate pid inside parameters", nul(utf8(act().replace("\"pid\":",
                        "\"pid\":1,\"pid\":")))),
                Arguments.of("a method name in lower case", nul(utf8(act().replace("SetScheduler", "setScheduler")))),
                Arguments.of("a method that is not a string", nul(utf8("{\"method\":42,\"parameters\":" + parameters
                        + "}"))),
                Arguments.of("trailing tokens after the object", nul(utf8(act() + " " + act()))),
                Arguments.of("a 1000-digit pid", nul(utf8(act().replace("\"pid\":" + vm.pid(),
                        "\"pid\":" + "9".repeat(1000))))),
                Arguments.of("NaN as priority", nul(utf8(act().replace("\"priority\":1", "\"priority\":NaN")))),
                Arguments.of("a comment", nul(utf8(act().replace("{\"apiVersion\"", "{/* hi */\"apiVersion\"")))),
                Arguments.of("a NUL inside a string splits the call; the tail is a second broken frame",
                        nul(utf8(act().replace("fifo", "fi\0fo")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framesThatCloseTheConnection")
    void aMalformedFrameClosesTheConnectionWithoutReplyOrRecord(String what, byte[] bytes) throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendUntilClosed(bytes);
            raw.assertClosedWithoutReply();
        }
        assertEquals(List.of(), audit.since(mark), "a frame that is not a call is not audited as one");
    }

    @Test
    void aCompleteCallWithoutItsNulIsNeverActedOnAndEndOfInputClosesTheConnection() throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendBytes(utf8(act())); // a whole, valid call... but no terminator
            raw.shutdownOutput();
            raw.assertClosedWithoutReply();
        }
        assertEquals(List.of(), audit.since(mark));
    }

    @Test
    void aTwentyMebibyteFrameIsRefusedWithoutBeingBuffered() throws Exception {
        byte[] huge = utf8(act().replace("\"fifo\"", "\"" + "f".repeat(20 << 20) + "\""));
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendUntilClosed(nul(huge));
            raw.assertClosedWithoutReply();
        }
        assertEquals(List.of(), audit.since(mark));
    }

    @Test
    void aViolationAfterACallDiscardsTheRestOfThePipeline() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(nul(utf8(call("org.varlink.service.GetInfo", "{}"))));
        bytes.writeBytes(nul(utf8("[]")));
        bytes.writeBytes(nul(utf8(act()))); // must never run
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendUntilClosed(bytes.toByteArray());
            // The GetInfo before the violation may or may not be answered before the connection drops (the close
            // discards queued calls); nothing after the violation is ever answered or run.
            String first = raw.readFrame();
            if (first != null) {
                assertEquals("batond", Replies.JSON.readTree(first).path("parameters").path("product").asText());
            }
            raw.assertClosedWithoutReply();
        }
        assertEquals(List.of(), audit.since(mark));
    }

    Stream<Arguments> parametersThatAreInvalid() {
        String p = "\"apiVersion\":1,\"pid\":" + vm.pid();
        String t = "\"tids\":[" + vcpu + "]";
        String f = "\"policy\":\"fifo\",\"priority\":1";
        long wrap = 1L << 32;
        return Stream.of(
                Arguments.of("pid as a string", "{\"apiVersion\":1,\"pid\":\"" + vm.pid() + "\"," + t + "," + f + "}", "pid"),
                Arguments.of("pid as a float", "{\"apiVersion\":1,\"pid\":" + vm.pid() + ".0," + t + "," + f + "}", "pid"),
                Arguments.of("tids as a number", "{" + p + ",\"tids\":" + vcpu + "," + f + "}", "tids"),
                Arguments.of("a tid as a string", "{" + p + ",\"tids\":[\"" + vcpu + "\"]," + f + "}", "tids[0]"),
                Arguments.of("a null tid", "{" + p + ",\"tids\":[null]," + f + "}", "tids[0]"),
                Arguments.of("tids missing", "{" + p + "," + f + "}", "tids"),
                Arguments.of("policy as a number", "{" + p + "," + t + ",\"policy\":1,\"priority\":1}", "policy"),
                Arguments.of("priority as a string", "{" + p + "," + t + ",\"policy\":\"fifo\",\"priority\":\"1\"}", "priority"),
                Arguments.of("priority 1.5", "{" + p + "," + t + ",\"policy\":\"fifo\",\"priority\":1.5}", "priority"),
                Arguments.of("priority as an object", "{" + p + "," + t + ",\"policy\":\"fifo\",\"priority\":{}}", "priority"),
                Arguments.of("allOrNothing as a string", "{" + p + "," + t + "," + f + ",\"allOrNothing\":\"yes\"}", "allOrNothing"),
                Arguments.of("an unknown parameter", "{" + p + "," + t + "," + f + ",\"asUid\":0}", "asUid"),
                Arguments.of("apiVersion as a string", "{\"apiVersion\":\"1\",\"pid\":" + vm.pid() + "," + t + "," + f + "}", "apiVersion"),
                Arguments.of("apiVersion missing", "{\"pid\":" + vm.pid() + "," + t + "," + f + "}", "apiVersion"),
                // Integers that overflow: truncated to 32 bits, each of these would become a plausible value.
                Arguments.of("apiVersion 2^32+1 (1 if truncated)", "{\"apiVersion\":" + (wrap + 1) + ",\"pid\":" + vm.pid() + "," + t + "," + f + "}", "apiVersion"),
                Arguments.of("pid 2^32+vm (the VM if truncated)", "{\"apiVersion\":1,\"pid\":" + (wrap + vm.pid()) + "," + t + "," + f + "}", "pid"),
                Arguments.of("pid 2^64", "{\"apiVersion\":1,\"pid\":18446744073709551616," + t + "," + f + "}", "pid"),
                Arguments.of("pid -2^32+vm", "{\"apiVersion\":1,\"pid\":" + (vm.pid() - wrap) + "," + t + "," + f + "}", "pid"),
                Arguments.of("a tid 2^32+vcpu (vCPU 0 if truncated)", "{" + p + ",\"tids\":[" + (wrap + vcpu) + "]," + f + "}", "tids[0]"),
                Arguments.of("priority 2^32+1 (1 if truncated)", "{" + p + "," + t + ",\"policy\":\"fifo\",\"priority\":" + (wrap + 1) + "}", "priority"),
                Arguments.of("priority 2^64+1", "{" + p + "," + t + ",\"policy\":\"fifo\",\"priority\":18446744073709551617}", "priority"));
    }

    @ParameterizedTest(name = "SetScheduler with {0}")
    @MethodSource("parametersThatAreInvalid")
    void aParameterOfTheWrongShapeIsInvalidParameterNamingItAndTheConnectionGoesOn(String what, String parameters,
                                                                                  String named) throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, parameters));
            Answer.ofReply(raw.readReply()).assertInvalidParameter(named);
            // the same connection answers the next call: an error does not desynchronise it
            raw.sendFrame(call("org.varlink.service.GetInfo", "{}"));
            assertEquals("batond", Answer.ofReply(raw.readReply()).assertOk().parameters().path("product").asText());
        }
        List<JsonNode> records = audit.since(mark);
        assertEquals(1, records.size(), "one record: " + records);
        assertEquals("invalid", records.get(0).path("event").asText());
        assertEquals("org.varlink.service.InvalidParameter", records.get(0).path("error").path("kind").asText());
    }

    @Test
    void memlockBytesBeyondSixtyFourBitsIsInvalidParameter() throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(DelegationInterface.SET_MAX_MEMLOCK, "{\"apiVersion\":1,\"pid\":" + vm.pid()
                    + ",\"bytes\":18446744073709551617,\"onlyRaise\":false}")); // 1 if wrapped to 64 bits
            Answer.ofReply(raw.readReply()).assertInvalidParameter("bytes");
        }
        assertEquals("invalid", audit.since(mark).get(0).path("event").asText());
    }

    @Test
    void vendorMembersOfTheCallAreIgnoredAsTheSpecSays() throws Exception {
        // Only unprefixed unknown members are violations; "x.y" members are extensions a server must ignore. So this
        // one is answered, and (being GetInfo) changes nothing.
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame("{\"method\":\"org.varlink.service.GetInfo\",\"com.evil.asUid\":0}");
            assertEquals("batond", Answer.ofReply(raw.readReply()).assertOk().parameters().path("product").asText());
        }
        assertEquals(List.of(), audit.since(mark));
    }

    @Test
    void unknownMethodsAndInterfacesAreTheStandardErrors() throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(DelegationInterface.NAME + ".SetUid", "{\"uid\":0}"));
            Answer.ofReply(raw.readReply()).assertError("org.varlink.service.MethodNotFound", "method",
                    DelegationInterface.NAME + ".SetUid");
            raw.sendFrame(call("org.freedesktop.systemd1.Manager.StartUnit", "{}"));
            Answer.ofReply(raw.readReply()).assertError("org.varlink.service.InterfaceNotFound", "interface",
                    "org.freedesktop.systemd1.Manager");
            raw.sendFrame(call("org.varlink.service.GetInterfaceDescription", "{\"interface\":\"../../etc/passwd\"}"));
            Answer.ofReply(raw.readReply()).assertError("org.varlink.service.InterfaceNotFound", "interface",
                    "../../etc/passwd");
        }
        assertEquals(List.of(), audit.since(mark));
    }

    @Test
    void moreOnMethodsThatDoNotStreamGetsOneFinalReplyAndTheConnectionStaysInStep() throws Exception {
        int pid = vm.pid();
        try (RawConnection raw = new RawConnection(batond.socket())) {
            // An allowed call that changes nothing (SCHED_OTHER 0 is what vCPU 0 has), a denied one and GetInfo,
            // each with more: each gets exactly one reply without "continues", in order.
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + pid + ",\"tids\":["
                    + vcpu + "],\"policy\":\"other\",\"priority\":0}").replace("}}", "},\"more\":true}"));
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":1,\"tids\":[1],"
                    + "\"policy\":\"fifo\",\"priority\":1}").replace("}}", "},\"more\":true}"));
            raw.sendFrame("{\"method\":\"org.varlink.service.GetInfo\",\"more\":true}");
            JsonNode first = Answer.ofReply(raw.readReply()).assertOk().parameters();
            assertEquals("UNCHANGED", first.path("threads").get(0).path("outcome").asText());
            Answer.ofReply(raw.readReply())
                    .assertNotAuthorized("pid 1 (init) is never a delegation target (rule 'root-tests')");
            assertEquals("batond", Answer.ofReply(raw.readReply()).assertOk().parameters().path("product").asText());
        }
        assertEquals(List.of("allow", "result", "deny"),
                audit.since(mark).stream().map(r -> r.path("event").asText()).toList());
    }

    @Test
    void onewayGetsNoReplyNotEvenAnErrorAndTheNextCallIsAnsweredInStep() throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":1,\"tids\":[1],"
                    + "\"policy\":\"fifo\",\"priority\":1}").replace("}}", "},\"oneway\":true}"));
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + vm.pid()
                    + ",\"tids\":[" + vcpu + "],\"policy\":\"fifo\",\"priority\":11}").replace("}}", "},\"oneway\":true}"));
            raw.sendFrame(call("org.varlink.service.GetInfo", "{}"));
            // the first frame to come back is GetInfo's: the two denials were silent
            assertEquals("batond", Answer.ofReply(raw.readReply()).assertOk().parameters().path("product").asText());
        }
        List<JsonNode> records = audit.since(mark);
        assertEquals(List.of("deny", "deny"), records.stream().map(r -> r.path("event").asText()).toList());
        assertEquals("pid 1 (init) is never a delegation target (rule 'root-tests')",
                records.get(0).path("error").path("message").asText().replace("not authorized: ", ""));
        assertEquals("priority 11 exceeds the maximum 10 (rule 'root-tests')",
                records.get(1).path("error").path("message").asText().replace("not authorized: ", ""));
    }

    @Test
    void fiveThousandPipelinedCallsInOneWriteAreAllAnsweredInOrder() throws Exception {
        int calls = 5_000;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < calls; i++) {
            // Each reply echoes its call's number, so order is checked exactly: the unknown parameter p<i> comes back
            // in InvalidParameter, the unknown interface x<i> in InterfaceNotFound.
            String frame = i % 2 == 0
                    ? call(DelegationInterface.SET_SCHEDULER, "{\"apiVersion\":1,\"pid\":" + vm.pid() + ",\"tids\":["
                    + vcpu + "],\"policy\":\"fifo\",\"priority\":1,\"p" + i + "\":1}")
                    : call("org.varlink.service.GetInterfaceDescription", "{\"interface\":\"dev.baton.x" + i + "\"}");
            bytes.writeBytes(nul(utf8(frame)));
        }
        List<String> errors = new ArrayList<>();
        try (RawConnection raw = new RawConnection(batond.socket())) {
            // Written from another thread: batond stops reading while 64 calls wait, and resumes as they are answered,
            // so a writer that never reads would wait on a reader that never comes.
            Thread writer = new Thread(() -> {
                try {
                    raw.sendBytes(bytes.toByteArray());
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            });
            writer.start();
            for (int i = 0; i < calls; i++) {
                JsonNode reply = raw.readReply();
                assertTrue(reply != null, "the connection closed after " + i + " replies");
                if (i % 2 == 0) {
                    Answer.ofReply(reply).assertInvalidParameter("p" + i);
                } else {
                    Answer.ofReply(reply).assertError("org.varlink.service.InterfaceNotFound", "interface",
                            "dev.baton.x" + i);
                }
            }
            writer.join();
            assertEquals(List.of(), errors);
            raw.sendFrame(call("org.varlink.service.GetInfo", "{}"));
            assertEquals("batond", Answer.ofReply(raw.readReply()).assertOk().parameters().path("product").asText());
        }
        List<JsonNode> records = audit.since(mark);
        assertEquals(calls / 2, records.size());
        assertTrue(records.stream().allMatch(r -> r.path("event").asText().equals("invalid")));
    }

    @Test
    void nullParametersOnAPrivilegedMethodAreInvalidParameterApiVersion() throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(DelegationInterface.SET_SCHEDULER, "null"));
            Answer.ofReply(raw.readReply()).assertInvalidParameter("apiVersion");
            raw.sendFrame("{\"method\":\"" + DelegationInterface.MOVE_THREADS + "\"}");
            Answer.ofReply(raw.readReply()).assertInvalidParameter("apiVersion");
        }
    }

    Stream<Arguments> emptyInputs() {
        String p = "\"apiVersion\":1,\"pid\":" + vm.pid();
        String t = "\"tids\":[" + vcpu + "]";
        return Stream.of(
                Arguments.of("SetScheduler with no tids", DelegationInterface.SET_SCHEDULER,
                        "{" + p + ",\"tids\":[],\"policy\":\"fifo\",\"priority\":1}", Replies.INVALID_PARAMETER,
                        "message", "invalid request: tids must list at least one thread id"),
                Arguments.of("MoveThreads with no tids", DelegationInterface.MOVE_THREADS,
                        "{" + p + ",\"tids\":[],\"cgroup\":\"housekeeping\"}", Replies.INVALID_PARAMETER,
                        "message", "invalid request: tids must list at least one thread id"),
                Arguments.of("SetScheduler with an empty policy", DelegationInterface.SET_SCHEDULER,
                        "{" + p + "," + t + ",\"policy\":\"\",\"priority\":0}", Replies.NOT_AUTHORIZED, "reason",
                        "scheduling policy '' is not allowed (rule 'root-tests')"),
                Arguments.of("MoveThreads with an empty cgroup name", DelegationInterface.MOVE_THREADS,
                        "{" + p + "," + t + ",\"cgroup\":\"\"}", Replies.NOT_AUTHORIZED, "reason",
                        "cgroup name '' does not match namePattern '[a-z][a-z0-9-]{0,31}' (rule 'root-tests')"),
                Arguments.of("InspectProcess with empty parameters", DelegationInterface.INSPECT_PROCESS, "{}",
                        Replies.INVALID_PARAMETER, "parameter", "apiVersion"));
    }

    /**
     * pkexec read past an empty argv (CVE-2021-4034): here every empty list, empty string or empty object is refused
     * with its exact error, never read as "all threads", "the caller" or a default, and nothing is done. (An empty
     * {@code cpus} list is the one documented default: SchedulerRequest reads it as "leave the affinity alone", which
     * grants nothing.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyInputs")
    void emptyInputsAreRefusedNeverReadAsADefault(String what, String method, String parameters, String error,
                                                   String field, String value) throws Exception {
        try (RawConnection raw = new RawConnection(batond.socket())) {
            raw.sendFrame(call(method, parameters));
            Answer.ofReply(raw.readReply()).assertError(error, field, value);
        }
        List<JsonNode> records = audit.since(mark);
        assertEquals(1, records.size(), "one record: " + records);
        assertTrue(List.of("deny", "invalid").contains(records.get(0).path("event").asText()), records.toString());
    }
}
