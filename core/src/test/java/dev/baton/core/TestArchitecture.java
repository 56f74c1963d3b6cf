package dev.baton.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering that keeps plugins loadable in any host. Think hard about the layering before changing this file.
 */
final class TestArchitecture {
    private static JavaClasses baton;

    @BeforeAll
    static void importClasses() {
        baton = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.baton");
    }

    @Test
    void theSpiDependsOnTheJdkOnly() {
        assertTrue(baton.stream().anyMatch(c -> c.getPackageName().startsWith("dev.baton.spi")), "spi not imported");
        classes().that().resideInAPackage("dev.baton.spi..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.baton.spi..")
                .check(baton);
    }

    @Test
    void pluginsNeverImportCore() {
        assertTrue(baton.stream().anyMatch(c -> c.getPackageName().startsWith("dev.baton.plugins")),
                "no plugin classes were imported; the test would prove nothing");
        noClasses().that().resideInAPackage("dev.baton.plugins..")
                .should().dependOnClassesThat().resideInAPackage("dev.baton.core..")
                .check(baton);
    }

    @Test
    void theLinuxBindingsAndVarlinkDoNotDependOnCore() {
        noClasses().that().resideInAnyPackage("dev.baton.linux..", "dev.baton.varlink..")
                .should().dependOnClassesThat().resideInAPackage("dev.baton.core..")
                .check(baton);
    }

    @Test
    void guiceStaysInsideCore() {
        noClasses().that().resideOutsideOfPackage("dev.baton.core..")
                .should().dependOnClassesThat().resideInAPackage("com.google.inject..")
                .check(baton);
    }
}
