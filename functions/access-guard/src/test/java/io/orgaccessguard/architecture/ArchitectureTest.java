package io.orgaccessguard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering, checked rather than reviewed: a domain core (model, decisions, ports, the check and the run) that
 * imports no SDK and no adapter, adapters that do not reach into each other, and no package cycle anywhere.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.orgaccessguard");

    private static final String[] SDKS = {"software.amazon..", "com.amazonaws..", "com.fasterxml.."};
    private static final String[] ADAPTERS = {"io.orgaccessguard.aws..", "io.orgaccessguard.notify..",
            "io.orgaccessguard.handler..", "io.orgaccessguard.trigger.."};

    @Test
    void packages_haveNoCycle() {
        slices().matching("io.orgaccessguard.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void core_importsNoSdkAndNoAdapter() {
        noClasses().that().resideInAPackage("io.orgaccessguard.core..")
                .should().dependOnClassesThat().resideInAnyPackage(SDKS)
                .orShould().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .check(MAIN);
    }

    @Test
    void model_dependsOnNothingButItself() {
        noClasses().that().resideInAPackage("io.orgaccessguard.core.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.orgaccessguard.core.model..", "java..")
                .check(MAIN);
    }

    /**
     * The core takes values of its own ({@code core.model.AccessRole}, {@code core.check.RepairRights},
     * {@code core.run.RunSettings}), built from the configuration at the edge ({@code handler/ServiceFactory}); it
     * never reads the configuration itself.
     */
    @Test
    void core_knowsNoConfiguration() {
        noClasses().that().resideInAPackage("io.orgaccessguard.core..")
                .should().dependOnClassesThat().resideInAPackage("io.orgaccessguard.config..")
                .check(MAIN);
    }

    @Test
    void decisionsAndPorts_doNotDependOnTheCheckOrTheRun() {
        noClasses().that().resideInAnyPackage("io.orgaccessguard.core.decision..", "io.orgaccessguard.core.port..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orgaccessguard.core.check..",
                        "io.orgaccessguard.core.run..", "io.orgaccessguard.config..")
                .check(MAIN);
    }

    @Test
    void adapters_doNotReachIntoEachOther() {
        noClasses().that().resideInAPackage("io.orgaccessguard.aws..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orgaccessguard.notify..",
                        "io.orgaccessguard.handler..", "io.orgaccessguard.trigger..", "io.orgaccessguard.core.check..",
                        "io.orgaccessguard.core.run..")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.orgaccessguard.notify..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orgaccessguard.aws..",
                        "io.orgaccessguard.handler..", "io.orgaccessguard.trigger..", "io.orgaccessguard.core.check..",
                        "io.orgaccessguard.core.run..")
                .check(MAIN);
        noClasses().that().resideInAPackage("io.orgaccessguard.trigger..")
                .should().dependOnClassesThat().resideInAnyPackage("io.orgaccessguard.aws..",
                        "io.orgaccessguard.notify..", "io.orgaccessguard.handler..", "io.orgaccessguard.core.check..",
                        "io.orgaccessguard.core.run..", "io.orgaccessguard.core.port..")
                .check(MAIN);
    }

    /** Event types from aws-lambda-java-events stop at the handler: the rest reads JSON trees and the core's records. */
    @Test
    void lambdaEventTypes_stopAtTheHandler() {
        noClasses().that().resideOutsideOfPackage("io.orgaccessguard.handler..")
                .should().dependOnClassesThat().resideInAPackage("com.amazonaws.services.lambda.runtime.events..")
                .check(MAIN);
    }

    /** AWS stand-ins belong to the test tools, never to the function Lambda runs. */
    @Test
    void productionCode_servesNoHttp() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket")
                .orShould().dependOnClassesThat().resideInAPackage("com.sun.net.httpserver..")
                .check(MAIN);
    }
}
