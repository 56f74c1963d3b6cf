package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing Go binary fails the build in CI and skips the interop tests elsewhere, always saying what to install. */
class GoCertificationTest {

    @Test
    void aMissingBinaryFailsInCiAndSkipsOtherwise() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Class<? extends Throwable> expected = ci ? AssertionFailedError.class : TestAbortedException.class;
        Throwable outcome = assertThrows(expected,
                () -> GoCertification.require("varlink-certification-that-does-not-exist"));
        assertTrue(outcome.getMessage().contains("apt-get install -y varlink-go"), outcome.getMessage());
    }

    @Test
    void theMessageNamesTheDebianPackage() {
        assertTrue(GoCertification.MISSING.contains("Debian package varlink-go"));
    }
}
