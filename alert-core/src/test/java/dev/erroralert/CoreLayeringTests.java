package dev.erroralert;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The core's packages read as stages: arrows between them point one way, so each can be understood (and changed)
 * with only what it depends on in mind. The core stays free of Spring, which the starter alone brings.
 */
class CoreLayeringTests {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.erroralert");

    @Test
    void noPackageOfTheCoreDependsOnItselfThroughAnother() {
        slices().matching("dev.erroralert.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theCoreUsesNoSpring() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..").check(CORE);
    }

    @Test
    void theStagesBeforeTheDecisionKnowNothingOfDelivery() {
        noClasses().that().resideInAnyPackage("dev.erroralert.event..", "dev.erroralert.fingerprint..",
                        "dev.erroralert.history..", "dev.erroralert.store..", "dev.erroralert.policy..",
                        "dev.erroralert.silence..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.erroralert.delivery..",
                        "dev.erroralert.notify..", "dev.erroralert.pipeline..")
                .check(CORE);
    }
}
