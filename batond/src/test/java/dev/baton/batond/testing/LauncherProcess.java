package dev.baton.batond.testing;

import dev.baton.cli.demo.DemoLauncher;
import dev.baton.cli.demo.LauncherSession;
import dev.baton.linux.testing.StagedClasspath;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts the demo's {@link DemoLauncher} as a real unprivileged process: uid/gid 65534, no groups, no
 * capabilities, with the test class path staged where that uid can read it.
 */
public final class LauncherProcess {
    private LauncherProcess() {}

    public static LauncherSession start(StagedClasspath staged, Path socket) {
        return LauncherSession.start(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djna.tmpdir=" + staged.tmpDir(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-cp", staged.classpath(), DemoLauncher.class.getName(), socket.toString()));
    }
}
