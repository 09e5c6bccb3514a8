package kz.kaspibridge.sandbox;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Feature packages (admin, calls, clock, config, delivery, faults, orders, shopapi, webhooks) may
 * depend on each other only one way; the wiring (SandboxConfiguration) sits above them all.
 */
class PackagesAreFreeOfCyclesTest {

    @Test
    void noTwoFeaturePackagesDependOnEachOther() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("kz.kaspibridge.sandbox");
        slices().matching("kz.kaspibridge.sandbox.(*)..").should().beFreeOfCycles().check(classes);
    }
}
