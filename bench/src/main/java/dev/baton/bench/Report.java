package dev.baton.bench;

import java.io.PrintStream;

/** Markdown on stdout, pasted into docs/performance.md. */
final class Report {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    void section(String title) {
        out.println();
        out.println("### " + title);
        out.println();
    }

    void latencyHeader() {
        out.println("| path | calls | p50 µs | p99 µs | p99.9 µs | max µs | ops/s |");
        out.println("|---|---|---|---|---|---|---|");
    }

    void row(String what, Latency latency) {
        out.println(latency.row(what));
        out.flush();
    }

    void ratio(String what, double ratio) {
        out.printf("%n%s: **%.1fx**%n%n", what, ratio);
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }
}
