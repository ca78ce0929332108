package vn.hocba.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Projections and the event log know MongoDB and Axon, never Spring or the web layer. */
@AnalyzeClasses(
    packages = {"vn.hocba.eventlog", "vn.hocba.statementindex", "vn.hocba.checkpoints"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class ProjectionBoundariesTest {

  @ArchTest
  static final ArchRule noSpringOrWeb =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.springframework..", "jakarta.servlet..", "vn.hocba.lrs..");

  @ArchTest
  static final ArchRule readModelsDoNotWriteTheLog =
      noClasses()
          .that()
          .resideInAPackage("vn.hocba.statementindex..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("vn.hocba.eventlog..");
}
