package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.StagedClasspath;
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

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cgroup names a hostile launcher sends raw to MoveThreads, against two policies: the recommended one, whose rule
 * pattern refuses them first ({@code NotAuthorized}), and a careless one whose pattern admits anything, so that
 * batond's own name rules ({@code CgroupName}: one component of [A-Za-z0-9_-], at most 64 characters, no kernel
 * file names) are what stops them ({@code InvalidParameter}). Either way no cgroup directory appears anywhere, no
 * thread moves, and both batonds keep serving.
 *
 * <p>A planted symlink: cgroupfs cannot hold symlinks (symlink(2) fails even for root), and the launcher cannot
 * write the pod's cgroup directory anyway, so there is nothing a peer can plant there. What a symlink would achieve,
 * a name that resolves outside the target's cgroup, is tried directly instead: "..", "../x", absolute paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostileCgroupNames {
    static final String CARELESS_POLICY = """
            clients:
              - name: careless
                match: { uids: [65534] }
                housekeeping: { namePattern: "(?s).*", maxCgroupsPerProcess: 4 }
                inspect: true
              - name: root-probe
                match: { uids: [0] }
                inspect: true
            """;
    private static final String STRICT_PATTERN = "[a-z][a-z0-9-]{0,31}";
    private static final String ONE_COMPONENT = "invalid request: cgroup must be one path component of letters,"
            + " digits, '_' and '-' (no '/', no '.', not starting with '-'), got '";

    private StagedClasspath staged;
    private LauncherWorld careless;
    private LauncherWorld strict;
    private Unchanged unchanged;
    private int carelessMark;
    private int strictMark;

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
        careless = LauncherWorld.start(staged, CARELESS_POLICY);
        strict = LauncherWorld.start(staged, LauncherWorld.POLICY);
    }

    @AfterAll
    void stop() {
        try {
            if (careless != null) {
                careless.close();
            }
            if (strict != null) {
                strict.close();
            }
        } finally {
            if (staged != null) {
                staged.close();
            }
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = careless.watch().process(strict.vmPid()).cgroupTree(strict.pod.dir())
                .absent(TestCgroup.V1_CPUSET.resolve("escape")).absent(TestCgroup.V2.resolve("escape"))
                .absent(Path.of("/tmp/escape"));
        carelessMark = careless.audit.mark();
        strictMark = strict.audit.mark();
    }

    @AfterEach
    void nothingChangedAndStillServing() {
        unchanged.assertNothingChanged();
        careless.assertServes();
        strict.assertServes();
        careless.audit.records();
        strict.audit.records();
    }

    private static String moveThreads(LauncherWorld world, String cgroupJson) {
        return "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":[" + world.tid("worker") + "],\"cgroup\":"
                + cgroupJson + "}";
    }

    static Stream<Arguments> namesBatondsOwnRulesRefuse() {
        String fourKib = "a".repeat(4096);
        return Stream.of(
                Arguments.of("..", "\"..\"", ONE_COMPONENT + "..'"),
                Arguments.of(".", "\".\"", ONE_COMPONENT + ".'"),
                Arguments.of("a/b", "\"a/b\"", ONE_COMPONENT + "a/b'"),
                Arguments.of("../escape", "\"../escape\"", ONE_COMPONENT + "../escape'"),
                Arguments.of("../../../../../../tmp/escape", "\"../../../../../../tmp/escape\"",
                        ONE_COMPONENT + "../../../../../../tmp/escape'"),
                Arguments.of("an absolute path", "\"/sys/fs/cgroup/cpuset/escape\"",
                        ONE_COMPONENT + "/sys/fs/cgroup/cpuset/escape'"),
                Arguments.of("cgroup.procs", "\"cgroup.procs\"", ONE_COMPONENT + "cgroup.procs'"),
                Arguments.of("cpuset.cpus", "\"cpuset.cpus\"", ONE_COMPONENT + "cpuset.cpus'"),
                Arguments.of("tasks", "\"tasks\"", "invalid request: cgroup 'tasks' is the name of a kernel cgroup file"),
                Arguments.of("release_agent (the v1 container escape)", "\"release_agent\"",
                        "invalid request: cgroup 'release_agent' is the name of a kernel cgroup file"),
                Arguments.of("notify_on_release", "\"notify_on_release\"",
                        "invalid request: cgroup 'notify_on_release' is the name of a kernel cgroup file"),
                Arguments.of("a 4 KiB name", "\"" + fourKib + "\"",
                        "invalid request: cgroup must be at most 64 characters (got 4096)"),
                Arguments.of("a 65-character name", "\"" + "a".repeat(65) + "\"",
                        "invalid request: cgroup must be at most 64 characters (got 65)"),
                Arguments.of("an empty name", "\"\"", "invalid request: cgroup must be a non-empty name"),
                Arguments.of("a leading dash", "\"-rf\"", ONE_COMPONENT + "-rf'"),
                Arguments.of("a trailing newline", "\"housekeeping\\n\"", ONE_COMPONENT + "housekeeping\\u000a'"),
                Arguments.of("a fullwidth look-alike", "\"\uff48ousekeeping\"", ONE_COMPONENT + "\uff48ousekeeping'"),
                Arguments.of("a space", "\"house keeping\"", ONE_COMPONENT + "house keeping'"));
    }

    @ParameterizedTest(name = "careless pattern, name {0}: InvalidParameter from batond's own rules")
    @MethodSource("namesBatondsOwnRulesRefuse")
    void batondsOwnNameRulesRefuseWhatACarelessPatternLetsThrough(String what, String json, String message)
            throws Exception {
        careless.raw(DelegationInterface.MOVE_THREADS, moveThreads(careless, json))
                .assertInvalidParameter("cgroup").assertError(Replies.INVALID_PARAMETER, "message", message);
        List<JsonNode> records = careless.audit.since(carelessMark);
        // The careless rule admitted it; the request is validated before anything is pinned or allowed.
        assertEquals(List.of("invalid"), records.stream().map(r -> r.path("event").asText()).toList());
        assertEquals("InvalidRequest", records.get(0).path("error").path("kind").asText());
        assertEquals(Replies.JSON.readTree(json).asText(), records.get(0).path("parameters").path("cgroup").asText());
    }

    static Stream<Arguments> namesTheRecommendedPatternRefuses() {
        return Stream.of(
                Arguments.of("..", "\"..\"", ".."),
                Arguments.of("a/b", "\"a/b\"", "a/b"),
                Arguments.of("../escape", "\"../escape\"", "../escape"),
                Arguments.of("cgroup.procs", "\"cgroup.procs\"", "cgroup.procs"),
                Arguments.of("tasks", "\"tasks\"", "tasks"), // matches [a-z]... : refused by batond's rules, see below
                Arguments.of("a 4 KiB name", "\"" + "a".repeat(4096) + "\"", "a".repeat(64) + "...(4096 chars)"),
                Arguments.of("a NUL", "\"a\\u0000b\"", "a\\u0000b"),
                Arguments.of("null", "null", "(none)"));
    }

    @ParameterizedTest(name = "recommended pattern, name {0}: NotAuthorized by the rule")
    @MethodSource("namesTheRecommendedPatternRefuses")
    void theRulesPatternRefusesBeforeTheNameIsUsedForAnything(String what, String json, String shown) {
        if (what.equals("tasks")) {
            // "tasks" fits the pattern, so the rule allows it and batond's own rules refuse it.
            strict.raw(DelegationInterface.MOVE_THREADS, moveThreads(strict, json)).assertError(
                    Replies.INVALID_PARAMETER, "message", "invalid request: cgroup 'tasks' is the name of a kernel cgroup file");
            return;
        }
        if (what.equals("null")) {
            // cgroup is a required string: null is caught by the binding, before the rule.
            strict.raw(DelegationInterface.MOVE_THREADS, moveThreads(strict, json)).assertInvalidParameter("cgroup");
            assertEquals("invalid", strict.audit.since(strictMark).get(0).path("event").asText());
            return;
        }
        strict.raw(DelegationInterface.MOVE_THREADS, moveThreads(strict, json)).assertNotAuthorized("cgroup name '"
                + shown + "' does not match namePattern '" + STRICT_PATTERN + "' (rule 'launchers')");
        List<JsonNode> records = strict.audit.since(strictMark);
        assertEquals(1, records.size());
        assertEquals("deny", records.get(0).path("event").asText());
    }

    @Test
    void cgroupfsCannotHoldASymlinkAndTheLauncherCannotWriteThePodSoNoneCanBePlanted() throws Exception {
        Path planted = strict.pod.dir().resolve("planted");
        assertThrows(FileSystemException.class, () -> Files.createSymbolicLink(planted, Path.of("/")), "root");
        for (String[] attempt : new String[][] {{"/bin/ln", "-s", "/", planted.toString()},
                {"/bin/mkdir", planted.toString()}}) {
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534",
                    "--regid=65534", "--clear-groups", "--inh-caps=-all"));
            command.addAll(List.of(attempt));
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(1, process.waitFor(), String.join(" ", attempt) + " as uid 65534");
        }
        assertFalse(Files.exists(planted, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
