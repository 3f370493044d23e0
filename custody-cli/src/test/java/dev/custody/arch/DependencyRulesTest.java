package dev.custody.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: cli/api → services → log/store → model; metrics is reported into by
 * services and the API and depends on no other Custody package. The data path (ingest → log → store
 * → query) stays visible in the package tree, and pure code (model, log) never reaches for storage,
 * HTTP or the command line.
 */
class DependencyRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test code arrives in test jars too (core's contract suite); rules are for main code.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.custody");
  }

  @Test
  void layersDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.custody..")
        .layer("cli")
        .definedBy("dev.custody.cli..")
        .layer("api")
        .definedBy("dev.custody.api..")
        .layer("service")
        .definedBy("dev.custody.service..")
        .layer("verify")
        .definedBy("dev.custody.verify..")
        .layer("query")
        .definedBy("dev.custody.query..")
        .layer("ingest")
        .definedBy("dev.custody.ingest..")
        .layer("attest")
        .definedBy("dev.custody.attest..")
        .layer("store")
        .definedBy("dev.custody.store..")
        .layer("log")
        .definedBy("dev.custody.log..")
        .layer("model")
        .definedBy("dev.custody.model..")
        .layer("error")
        .definedBy("dev.custody.error..")
        .layer("metrics")
        .definedBy("dev.custody.metrics..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("api")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("service")
        .mayOnlyBeAccessedByLayers("api", "cli")
        .whereLayer("verify")
        .mayOnlyBeAccessedByLayers("api", "cli")
        .whereLayer("query")
        .mayOnlyBeAccessedByLayers("api", "cli")
        .whereLayer("ingest")
        .mayOnlyBeAccessedByLayers("service", "api", "cli")
        .whereLayer("attest")
        .mayOnlyBeAccessedByLayers("ingest", "service", "api", "cli")
        .whereLayer("store")
        .mayOnlyBeAccessedByLayers("service", "verify", "query", "api", "cli")
        .whereLayer("log")
        .mayOnlyBeAccessedByLayers("store", "service", "verify", "query", "api", "cli")
        .whereLayer("metrics")
        .mayOnlyBeAccessedByLayers("service", "api", "cli")
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers(
            "log", "store", "attest", "ingest", "service", "verify", "query", "api", "cli")
        .check(classes);
  }

  @Test
  void metricsDependOnNoOtherCustodyPackage() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that()
        .resideInAPackage("dev.custody.metrics..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "dev.custody.metrics..", "java..", "io.micrometer..", "org.jspecify..")
        .check(classes);
  }

  @Test
  void topLevelPackagesHaveNoCycles() {
    slices().matching("dev.custody.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void storeSpecificCodeStaysInItsBackendPackage() {
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
        .that()
        .resideOutsideOfPackage("dev.custody.store.sqlite..")
        .and()
        .resideOutsideOfPackage("dev.custody.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.custody.store.sqlite..", "org.sqlite..", "java.sql..")
        .check(classes);
  }
}
