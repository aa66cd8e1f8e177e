package io.pumpops.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering of the main code, as it holds today (issue 17), so that the build fails when a
 * change breaks it:
 *
 * <pre>
 *   schemas, features, service-auth     contracts and pure libraries: depend on no other module
 *   messaging                           the services' Kafka runtime: on schemas only
 *   model-package                       model families, ONNX export, the signed package: on schemas only
 *   the services                        on the above and themselves, never on one another
 *   local-stack, simulator, cli, bench  the harness (stack, pumps, command line and demo, benchmarks):
 *                                       may use anything; no service or library uses them
 * </pre>
 *
 * The rules read bytecode of main classes only (test classes are left out), so a fully qualified
 * name in code counts as much as an import.
 */
class LayeringTest {

  /** Each service's root package. */
  static final List<String> SERVICES =
      List.of(
          "ingest",
          "featurestream",
          "drift",
          "training",
          "registry",
          "deploy",
          "edge",
          "dashboard");

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pumpops");
  }

  private static String[] packages(String... roots) {
    return Arrays.stream(roots).map(r -> "io.pumpops." + r + "..").toArray(String[]::new);
  }

  private static String[] servicesBut(String service) {
    return packages(SERVICES.stream().filter(s -> !s.equals(service)).toArray(String[]::new));
  }

  @Test
  void everyModulesMainClassesAreRead() {
    // A rule over classes that were never imported would pass whatever the code did.
    for (String root :
        List.of(
            "schemas",
            "features",
            "messaging",
            "modelpackage",
            "auth",
            "localstack",
            "simulator",
            "cli",
            "bench",
            "ingest",
            "featurestream",
            "drift",
            "training",
            "registry",
            "deploy",
            "edge",
            "dashboard")) {
      org.assertj.core.api.Assertions.assertThat(
              classes.stream()
                  .filter(c -> c.getPackageName().startsWith("io.pumpops." + root))
                  .count())
          .as("main classes of io.pumpops." + root)
          .isGreaterThan(0);
    }
    org.assertj.core.api.Assertions.assertThat(
            classes.stream()
                .filter(
                    c ->
                        c.getSource()
                            .map(source -> source.getUri().toString().contains("test-classes"))
                            .orElse(false))
                .count())
        .as("test classes are left out")
        .isZero();
  }

  @Test
  void contractsAndLibrariesDependOnNoOtherModule() {
    ArchRule schemas =
        noClasses()
            .that()
            .resideInAPackage("io.pumpops.schemas..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                packages(
                    "features",
                    "messaging",
                    "modelpackage",
                    "auth",
                    "localstack",
                    "simulator",
                    "cli",
                    "bench",
                    "loop",
                    "ingest",
                    "featurestream",
                    "drift",
                    "training",
                    "registry",
                    "deploy",
                    "edge",
                    "dashboard"))
            .because("schemas holds the contracts every module reads");
    ArchRule features =
        noClasses()
            .that()
            .resideInAPackage("io.pumpops.features..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                packages(
                    "schemas",
                    "messaging",
                    "modelpackage",
                    "auth",
                    "localstack",
                    "simulator",
                    "cli",
                    "bench",
                    "loop",
                    "ingest",
                    "featurestream",
                    "drift",
                    "training",
                    "registry",
                    "deploy",
                    "edge",
                    "dashboard"))
            .because(
                "features is the one implementation of the features, shared by streaming, training and the edge");
    ArchRule auth =
        noClasses()
            .that()
            .resideInAPackage("io.pumpops.auth..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                packages(
                    "schemas",
                    "features",
                    "messaging",
                    "modelpackage",
                    "localstack",
                    "simulator",
                    "cli",
                    "bench",
                    "loop",
                    "ingest",
                    "featurestream",
                    "drift",
                    "training",
                    "registry",
                    "deploy",
                    "edge",
                    "dashboard"));
    schemas.check(classes);
    features.check(classes);
    auth.check(classes);
  }

  @Test
  void featuresAreComputationNotMessaging() {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops.features..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.micronaut..", "org.eclipse.paho..")
        .because(
            "the same code computes features in Kafka Streams, in training's batch replay and on the gateway")
        .check(classes);
  }

  @Test
  void messagingDependsOnSchemasOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops.messaging..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            packages(
                "features",
                "auth",
                "localstack",
                "simulator",
                "cli",
                "bench",
                "loop",
                "ingest",
                "featurestream",
                "drift",
                "training",
                "registry",
                "deploy",
                "edge",
                "dashboard"))
        .check(classes);
  }

  @Test
  void theModelPackageDependsOnSchemasOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops.modelpackage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            packages(
                "features",
                "messaging",
                "auth",
                "localstack",
                "simulator",
                "cli",
                "bench",
                "loop",
                "ingest",
                "featurestream",
                "drift",
                "training",
                "registry",
                "deploy",
                "edge",
                "dashboard"))
        .because(
            "training writes, deploy-service ships and the gateway verifies the same package, without"
                + " depending on one another")
        .check(classes);
  }

  @Test
  void theModelPackageRunsWithoutMicronautOrKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops.modelpackage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..", "org.apache.kafka..")
        .because("the gateway loads packages with it, and the gateway runs neither")
        .check(classes);
  }

  static List<String> services() {
    return SERVICES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void aServiceDependsOnNoOtherServiceAndNotOnTheHarness(String service) {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops." + service + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(servicesBut(service))
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(packages("localstack", "simulator", "cli", "bench", "loop"))
        .because(
            "services talk through Kafka topics and HTTP contracts, and run without the development harness")
        .check(classes);
  }

  @Test
  void theEdgeGatewayRunsWithoutMicronautOrKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.pumpops.edge..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..", "org.apache.kafka..")
        .because("a gateway is a small JVM on site hardware that talks MQTT only (64 MB heap)")
        .check(classes);
  }

  @Test
  void noMainClassHasAPublicFieldThatCanBeReassigned() {
    // State changes through a class's own methods (the rollout state machine through moveTo, for
    // one); a public non-final field lets any caller skip them. Avro's generated records keep their
    // fields private; JMH's generated benchmark classes are left out.
    com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields()
        .that()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .resideInAPackage("io.pumpops..")
        .and()
        .areDeclaredInClassesThat()
        .resideOutsideOfPackage("..jmh_generated..") // JMH's generated harness, not ours
        .should()
        .beFinal()
        .because("a rule enforced by a method is not enforced when a field can be set around it")
        .check(classes);
  }

  @Test
  void everyPlainKafkaConsumerIsOpenedReadingCommittedRecordsOnly() {
    // The services write with transactions; a consumer left at Kafka's default (read_uncommitted)
    // would count, train on or show records of aborted writes. `pumpops consume` did.
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.pumpops.schemas.topics.ReadCommittedConsumers")
        .should()
        .callConstructorWhere(
            com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                    com.tngtech.archunit.base.DescribedPredicate.describe(
                        "KafkaConsumer",
                        owner ->
                            owner
                                .getName()
                                .equals("org.apache.kafka.clients.consumer.KafkaConsumer")))))
        .because("ReadCommittedConsumers is the one place consumer settings are made")
        .check(classes);
  }

  @Test
  void servicesLogRatherThanPrint() {
    noClasses()
        .that()
        .resideInAnyPackage(packages(SERVICES.toArray(String[]::new)))
        .and()
        .resideOutsideOfPackage(
            "io.pumpops.edge") // EdgeGatewayApp reports a bad configuration before logging is up
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("logs are structured and quiet at INFO")
        .check(classes);
  }

  @Test
  void noMainClassDependsOnATestLibraryOrTheTestFixtures() {
    // The JUnit fixture is local-stack's test code (its test-jar): the command line, the benchmarks
    // and the services carry no JUnit, Awaitility or Testcontainers.
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.junit..",
            "org.awaitility..",
            "org.testcontainers..",
            "io.pumpops.localstack.junit..")
        .because("test fixtures and libraries are test scope only")
        .check(classes);
  }
}
