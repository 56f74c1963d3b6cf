package dev.baton.cli.demo;

import dev.baton.linux.ProcFs;
import dev.baton.spi.hook.CgroupLayout;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where some threads are in the cgroup hierarchies, read before a housekeeping call, so that the table shows
 * where they really came from. The result only names where they went. The launcher may read this for its own
 * child's threads without any privilege.
 */
final class ThreadCgroups {
    private final Map<Integer, List<String>> lines;

    private ThreadCgroups(Map<Integer, List<String>> lines) {
        this.lines = lines;
    }

    static ThreadCgroups read(int pid, List<Integer> tids) {
        Map<Integer, List<String>> lines = new LinkedHashMap<>();
        tids.forEach(tid -> lines.put(tid, ProcFs.threadCgroups(pid, tid)));
        return new ThreadCgroups(lines);
    }

    /** The distinct paths on the hierarchy of {@code layout}, e.g. "/baton-demo-1a2b3c4d". */
    String on(CgroupLayout layout) {
        return lines.values().stream().flatMap(List::stream).map(line -> line.split(":", 3))
                .filter(fields -> fields.length == 3 && holds(fields, layout)).map(fields -> fields[2])
                .distinct().collect(Collectors.joining(", "));
    }

    private static boolean holds(String[] fields, CgroupLayout layout) {
        return layout == CgroupLayout.V1_CPUSET ? Arrays.asList(fields[1].split(",")).contains("cpuset")
                : fields[0].equals("0") && fields[1].isEmpty();
    }
}
