package dev.baton.cli.demo;

import dev.baton.linux.Identity;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the real demo (root, an installation with bin/batond, setpriv) or the dry-run, and says why. */
public final class Demo {
    private Demo() {}

    /**
     * Runs the demo; true if every row succeeded (memlock may show the capability error instead) and the cleanup
     * left nothing behind. Otherwise it says, last, what went wrong.
     */
    public static boolean run(PrintWriter out) throws Exception {
        Path home = System.getenv("BATON_HOME") == null ? null : Path.of(System.getenv("BATON_HOME"));
        out.println("Baton demo: a VM launcher hands its privileged operations to a backend (libvirt RFC, \"pass the"
                + " baton\")");
        String missing = Identity.euid() != 0 ? "this demo is not running as root"
                : home == null || !Files.isExecutable(home.resolve("bin/batond")) ? "no installation (BATON_HOME with bin/batond)"
                : !Files.isExecutable(Path.of("/usr/bin/setpriv")) ? "/usr/bin/setpriv (util-linux) is missing"
                : null;
        DemoReport report;
        if (missing == null) {
            out.println("running for real: batond as root, the launcher as uid 65534");
            out.println();
            report = new RealDemo(home, out).run();
        } else {
            out.println("running as a dry-run, because " + missing + "; run './baton demo' as root for the real thing");
            out.println();
            report = new DryRunDemo(home, out).run();
        }
        return verdict(report, out);
    }

    /** Prints why the demo failed, if it did, and returns whether it succeeded. */
    static boolean verdict(DemoReport report, PrintWriter out) {
        if (report.succeeded()) {
            return true;
        }
        out.println();
        out.println("the demo FAILED:");
        report.table().failures().forEach(row -> out.println("  " + row.step() + " " + row.hook() + " on "
                + row.target() + ": " + row.change()));
        if (!report.leftovers().isEmpty()) {
            out.println("  its cleanup left " + report.leftovers().size() + " thing(s) behind, listed in step "
                    + "'cleanup' above");
        }
        return false;
    }
}
