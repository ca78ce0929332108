package vn.hocba.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** lrs-core holds the xAPI rules and the write model only: no Spring, no MongoDB, no web. */
@AnalyzeClasses(packages = "vn.hocba", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreBoundariesTest {

  @ArchTest
  static final ArchRule noSpringMongoOrWeb =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "com.mongodb..",
              "org.bson..",
              "jakarta.servlet..",
              "io.micrometer..");

  @ArchTest
  static final ArchRule xapiRulesDoNotKnowAxon =
      noClasses()
          .that()
          .resideInAPackage("vn.hocba.xapi..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.axonframework..");
}
