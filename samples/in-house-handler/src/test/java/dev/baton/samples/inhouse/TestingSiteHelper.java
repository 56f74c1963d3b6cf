package dev.baton.samples.inhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A real executable stand-in for the site's privileged helper, written into a test's temporary directory. Every
 * variant first logs its argv, one argument per line and a terminator line per invocation, so tests can assert the
 * exact vector the plugin passed. The working variant then really does the operation with util-linux: chrt and
 * taskset for {@code sched}, prlimit for {@code memlock}.
 */
final class TestingSiteHelper {
    private static final String END = "--end-of-invocation--";

    private final Path program;
    private final Path log;

    private TestingSiteHelper(Path program, Path log) {
        this.program = program;
        this.log = log;
    }

    /** Performs what it is asked, as a real site helper would. */
    static TestingSiteHelper working(Path dir) {
        return write(dir, """
                set -e
                op=$1; shift
                pid=; tid=; policy=; priority=; cpus=; bytes=
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --pid) pid=$2 ;;
                    --tid) tid=$2 ;;
                    --policy) policy=$2 ;;
                    --priority) priority=$2 ;;
                    --cpus) cpus=$2 ;;
                    --bytes) bytes=$2 ;;
                    *) echo "site-rt-helper: unknown argument $1" >&2; exit 64 ;;
                  esac
                  shift 2
                done
                case "$op" in
                  sched)
                    case "$policy" in
                      fifo) flag=-f ;; rr) flag=-r ;; other) flag=-o ;; batch) flag=-b ;; idle) flag=-i ;;
                      *) echo "site-rt-helper: unknown policy $policy" >&2; exit 64 ;;
                    esac
                    /usr/bin/chrt -p $flag "$priority" "$tid" >/dev/null
                    if [ -n "$cpus" ]; then /usr/bin/taskset -p -c "$cpus" "$tid" >/dev/null; fi
                    ;;
                  memlock)
                    /usr/bin/prlimit --pid "$pid" --memlock="$bytes:$bytes"
                    ;;
                  *) echo "site-rt-helper: unknown operation $op" >&2; exit 64 ;;
                esac
                """);
    }

    /** Refuses every call with {@code status}, writing {@code stderr} first. */
    static TestingSiteHelper failing(Path dir, int status, String stderr) {
        return write(dir, "printf '%s' '" + stderr.replace("'", "'\\''") + "' >&2\nexit " + status + "\n");
    }

    /** Exits 0 and does nothing: a helper that claims success it did not achieve. */
    static TestingSiteHelper claimingSuccess(Path dir) {
        return write(dir, "exit 0\n");
    }

    /** Writes a little over 64 KiB to stderr, more than a pipe holds, then fails. */
    static TestingSiteHelper chatty(Path dir) {
        return write(dir, "i=0\nwhile [ $i -lt 1100 ]; do\n"
                + "  echo 'site-rt-helper: the same complaint, padded out to sixty bytes....' >&2; i=$((i+1))\n"
                + "done\nexit 1\n");
    }

    /** Never finishes on its own. */
    static TestingSiteHelper hanging(Path dir) {
        return write(dir, "exec sleep 600\n");
    }

    private static TestingSiteHelper write(Path dir, String body) {
        try {
            Path log = dir.resolve("helper-argv.log");
            Path program = dir.resolve("site-rt-helper");
            Files.writeString(program, "#!/bin/sh\n"
                    + "printf '%s\\n' \"$@\" '" + END + "' >> '" + log + "'\n"
                    + body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new TestingSiteHelper(program, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path program() {
        return program;
    }

    /** Each invocation's argv, without argv[0]; empty if the helper never ran. */
    List<List<String>> invocations() {
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<List<String>> invocations = new ArrayList<>();
            List<String> current = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.equals(END)) {
                    invocations.add(List.copyOf(current));
                    current.clear();
                } else {
                    current.add(line);
                }
            }
            return invocations;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
