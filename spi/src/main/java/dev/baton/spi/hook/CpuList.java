package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The kernel's CPU list syntax ("0-3,8,10-11"), as in cpuset.cpus and taskset -c. */
@Unstable
public final class CpuList {
    private CpuList() {}

    public static String format(List<Integer> cpus) {
        List<Integer> sorted = new ArrayList<>(new TreeSet<>(cpus));
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int start = sorted.get(i);
            int end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
                end = sorted.get(++i);
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(start);
            if (end != start) {
                out.append('-').append(end);
            }
            i++;
        }
        return out.toString();
    }

    public static List<Integer> parse(String text) {
        TreeSet<Integer> cpus = new TreeSet<>();
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        for (String part : trimmed.split(",")) {
            try {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    cpus.add(Integer.parseInt(part.trim()));
                } else {
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    if (to < from || to - from > RequestChecks.MAX_CPU) {
                        throw new NumberFormatException("bad range");
                    }
                    for (int cpu = from; cpu <= to; cpu++) {
                        cpus.add(cpu);
                    }
                }
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("cpus", "must be a CPU list like 0-3,8 (got '" + text + "')");
            }
        }
        return RequestChecks.cpus(List.copyOf(cpus));
    }
}
