package dev.baton.cli.demo;

import dev.baton.linux.Identity;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the real demo (root, an installation with bin/batond, setpriv) or the dry-run, and says why. */
public final class Demo {
    private Demo() {}

    /** Runs the demo; true if every row succeeded (memlock may show the capability error instead). */
    public static boolean run(PrintWriter out) throws Exception {
        Path home = System.getenv("BATON_HOME") == null ? null : Path.of(System.getenv("BATON_HOME"));
        out.println("Baton demo: a VM launcher hands its privileged operations to a backend (libvirt RFC, \"pass the"
                + " baton\")");
        String missing = Identity.euid() != 0 ? "this demo is not running as root"
                : home == null || !Files.isExecutable(home.resolve("bin/batond")) ? "no installation (BATON_HOME with bin/batond)"
                : !Files.isExecutable(Path.of("/usr/bin/setpriv")) ? "/usr/bin/setpriv (util-linux) is missing"
                : null;
        DemoTable table;
        if (missing == null) {
            out.println("running for real: batond as root, the launcher as uid 65534");
            out.println();
            table = new RealDemo(home, out).run();
        } else {
            out.println("running as a dry-run, because " + missing + "; run './baton demo' as root for the real thing");
            out.println();
            table = new DryRunDemo(home, out).run();
        }
        return table.rows().stream().allMatch(row -> !row.verified().startsWith("error")
                || (row.hook().equals("memlock") && row.change().contains("CAP_SYS_RESOURCE")));
    }
}
