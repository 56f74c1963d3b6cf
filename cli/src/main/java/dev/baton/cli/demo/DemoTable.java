package dev.baton.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The table the demo ends with: one row per operation. */
final class DemoTable {
    /**
     * @param verified  "verified", "planned", or "error: Kind"
     * @param succeeded false for an error, and for a scheduler batch in which some threads failed
     */
    record Row(String step, String hook, String backend, String target, String change, String verified,
               boolean succeeded) {
        /**
         * This machine's bounding set may lack CAP_SYS_RESOURCE, and then nobody here, batond included, can raise
         * a hard memlock limit. The demo shows that precise error instead; it is the expected answer, not a failure.
         */
        boolean isMissingMemlockCapability() {
            return hook.equals("memlock") && verified.equals("error: PermissionDenied")
                    && change.contains("CAP_SYS_RESOURCE is required to raise the hard memlock limit");
        }
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return rows;
    }

    /** The rows that failed, apart from the memlock capability error this machine may give. */
    List<Row> failures() {
        return rows.stream().filter(row -> !row.succeeded() && !row.isMissingMemlockCapability()).toList();
    }

    void print(PrintWriter out) {
        String[] header = {"step", "hook", "backend", "target", "before -> after", "verified"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.min(Math.max(width[i], cells[i].length()), i == 4 ? 140 : 40);
            }
        }
        line(out, header, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        rows.forEach(row -> line(out, cells(row), width));
    }

    private static String[] cells(Row row) {
        return new String[] {row.step(), row.hook(), row.backend(), row.target(), row.change(), row.verified()};
    }

    private static void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].length() > width[i] ? cells[i].substring(0, width[i] - 3) + "..." : cells[i];
            text.append(String.format("%-" + width[i] + "s  ", cell));
        }
        out.println(text.toString().stripTrailing());
    }
}
