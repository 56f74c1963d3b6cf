package dev.baton.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The smoke tests' process runner must not hang on a command that writes a lot to stderr before stdout. */
final class TestShell {
    @Test
    @Timeout(60)
    void moreStderrThanAPipeHoldsDoesNotHang() {
        Shell shell = Shell.exec(List.of("/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\000' e >&2; echo done"),
                Map.of());

        assertEquals(0, shell.exit());
        assertEquals("done\n", shell.out());
        assertEquals(300_000, shell.err().length());
    }
}
