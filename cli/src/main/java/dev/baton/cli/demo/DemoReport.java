package dev.baton.cli.demo;

import java.util.List;

/**
 * How a demo run ended: its table, and what its cleanup left behind.
 *
 * @param leftovers one line per process, cgroup or file that is still there, saying how to remove it
 */
record DemoReport(DemoTable table, List<String> leftovers) {
    DemoReport {
        leftovers = List.copyOf(leftovers);
    }

    /** Every row succeeded (memlock may show the capability error) and nothing was left behind. */
    boolean succeeded() {
        return table.failures().isEmpty() && leftovers.isEmpty();
    }
}
