package io.pumpops.training.config;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.DriftCalibration;
import io.pumpops.features.drift.DriftMonitoring;
import io.pumpops.features.drift.Relation;
import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.modelpackage.model.ControlLimit;
import io.pumpops.modelpackage.model.ModelFamily;
import io.pumpops.modelpackage.model.RegressionResidualModel;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.modelregistry.RegisteredVersion;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.topics.Topics;
import io.pumpops.training.evaluate.Labels;
import io.pumpops.training.evaluate.PromotionGate;
import io.pumpops.training.pipeline.ReproducibleTraining;
import io.pumpops.training.replay.Replay;
import io.pumpops.training.run.DataReadiness;
import io.pumpops.training.run.DatasetSelector;
import io.pumpops.training.run.LineageRebuild;
import io.pumpops.training.run.RunHistory;
import io.pumpops.training.run.RunRecorder;
import io.pumpops.training.run.TrainingRunner;
import io.pumpops.training.trigger.NewDataCounter;
import io.pumpops.training.trigger.TrainingCoordinator;
import io.pumpops.training.trigger.TriggerListener;
import io.pumpops.training.trigger.TriggerPolicy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires training-service from configuration; on start it reads the run history and resumes
 * unfinished runs.
 */
@Factory
class TrainingFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingFactory.class);

  @Singleton
  SchemaRegistry schemaRegistry(@Property(name = "pumpops.schema-registry.url") String url) {
    return SchemaRegistryClient.of(url);
  }

  @Singleton
  ModelRegistryClient registryClient(TrainingProperties properties) {
    if (properties.registryToken() == null || properties.registryToken().isBlank()) {
      throw new IllegalStateException(
          "training-service registers models: set PUMPOPS_TRAINING_REGISTRY_TOKEN to a"
              + " service-role token of registry-service (or run with the development profile, MICRONAUT_ENVIRONMENTS=dev)");
    }
    return new ModelRegistryClient(
        URI.create(properties.registryUrl()), properties.registryToken());
  }

  @Singleton
  @Bean(preDestroy = "close")
  RunRecorder runRecorder(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      SchemaRegistry registry) {
    return new RunRecorder(bootstrap, registry, Clock.systemUTC());
  }

  @Singleton
  ReproducibleTraining reproducibleTraining(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      TrainingProperties properties,
      SchemaRegistry registry) {
    return new ReproducibleTraining(new Replay(bootstrap, properties.replayTimeout()), registry);
  }

  @Singleton
  TrainingRunner trainingRunner(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      TrainingProperties p,
      ReproducibleTraining training,
      ModelRegistryClient registry,
      RunRecorder recorder) {
    ReproducibleTraining.Settings settings =
        new ReproducibleTraining.Settings(
            FeatureSpec.PUMP_V1,
            families(p),
            p.validationShare() == null
                ? ReproducibleTraining.Settings.DEFAULT_VALIDATION_SHARE
                : p.validationShare(),
            p.minRows(),
            p.maxNanShare(),
            p.holdoutShare(),
            p.seed(),
            driftCalibration(p.driftLimitMargin()),
            p.maxWindows(),
            driftRelations(p.driftRelations()),
            p.pumpBaselineWindows() == null ? 0 : p.pumpBaselineWindows());
    return new TrainingRunner(
        new DatasetSelector(bootstrap),
        training,
        registry,
        recorder,
        new TrainingRunner.Settings(
            settings,
            new PromotionGate.Settings(
                p.maxFalseAlarmRate(),
                p.falseAlarmMargin(),
                p.f1Margin(),
                p.maxFalseAlarmsPerPumpDay() == null ? 0.1 : p.maxFalseAlarmsPerPumpDay()),
            p.autoPromote(),
            codeVersion(),
            AlarmPolicy.parse(p.alarmPolicy())),
        () ->
            p.groundTruth() == null || p.groundTruth().isBlank()
                ? Labels.NONE
                : Labels.fromGroundTruth(Path.of(p.groundTruth())));
  }

  /**
   * The configured candidate families: each family's defaults, with the limit settings the
   * configuration gives every family and the family's own keys where configured.
   */
  static List<ModelFamily> families(TrainingProperties p) {
    List<String> names =
        p.modelFamilies() == null || p.modelFamilies().isEmpty()
            ? List.of(RegressionResidualModel.FAMILY)
            : p.modelFamilies();
    Map<String, String> configured = new TreeMap<>();
    configured.put("limitQuantile", Double.toString(p.limitQuantile()));
    configured.put(
        "controlLimit", p.controlLimit() == null ? ControlLimit.EMPIRICAL.key() : p.controlLimit());
    configured.put("varianceToKeep", Double.toString(p.varianceToKeep()));
    if (p.memorySize() != null) {
      configured.put("memorySize", Integer.toString(p.memorySize()));
    }
    if (p.ridge() != null) {
      configured.put("ridge", Double.toString(p.ridge()));
    }
    return names.stream().map(name -> ModelFamily.configured(name, configured)).toList();
  }

  /** The relations configured; absent, feature-stream's default ones (DriftMonitoring.defaults). */
  static List<Relation> driftRelations(List<String> configured) {
    return configured == null
        ? DriftMonitoring.defaults(FeatureSpec.PUMP_V1).relations()
        : configured.stream().map(Relation::parse).toList();
  }

  /** Blocks and hop of feature-stream's default drift windows (DriftMonitoring.defaults). */
  private static DriftCalibration driftCalibration(double margin) {
    DriftMonitoring monitoring = DriftMonitoring.defaults(FeatureSpec.PUMP_V1);
    return new DriftCalibration(
        monitoring.window(), monitoring.hop(), margin, DriftCalibration.DEFAULT_PEAK);
  }

  @Singleton
  LineageRebuild lineageRebuild(
      ModelRegistryClient registry, ReproducibleTraining training, RunRecorder recorder) {
    return new LineageRebuild(registry, training, recorder, FeatureSpec.PUMP_V1, codeVersion());
  }

  @Singleton
  TriggerPolicy triggerPolicy(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      TrainingProperties p,
      ModelRegistryClient registry) {
    NewDataCounter counter = new NewDataCounter(bootstrap);
    return new TriggerPolicy(
        new TriggerPolicy.Settings(
            p.models(),
            p.lookback(),
            p.minNewRecords(),
            p.dataArrivedMinInterval(),
            p.driftReferenceSpan()),
        Clock.systemUTC(),
        model -> registry.latest(model).map(RegisteredVersion::lineage),
        counter::newRecordsSince);
  }

  @Singleton
  @Bean(preDestroy = "close")
  TrainingCoordinator coordinator(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      TrainingProperties p,
      SchemaRegistry registry,
      TrainingRunner runner) {
    RunHistory history = RunHistory.load(bootstrap, registry, p.replayTimeout());
    TrainingCoordinator coordinator =
        new TrainingCoordinator(
            runner::run,
            runner::admit,
            new DataReadiness(
                bootstrap, Topics.PUMP_TELEMETRY.name(), Clock.systemUTC(), p.driftDataMaxWait()),
            Duration.ofSeconds(5),
            history.answeredEvents(),
            new TrainingCoordinator.Retry(p.retryAttempts(), p.retryBackoff()));
    LOG.info(
        "training history: {} trigger events answered, {} unfinished runs to resume",
        history.answeredEvents().size(),
        history.unfinished().size());
    history.unfinished().forEach(coordinator::resume);
    return coordinator;
  }

  @Context
  @Bean(preDestroy = "close")
  TriggerListener triggerListener(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      TrainingProperties p,
      SchemaRegistry registry,
      TriggerPolicy policy,
      TrainingCoordinator coordinator,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    TriggerListener listener =
        new TriggerListener(
            bootstrap,
            p.groupId(),
            registry,
            policy,
            coordinator,
            new DeadLetterPublisher("training-service", bootstrap, registry, Clock.systemUTC()));
    listener.bindMetrics(metrics);
    listener.start();
    return listener;
  }

  @Context
  @Bean(preDestroy = "shutdownNow")
  ScheduledExecutorService schedule(
      TrainingProperties p, TriggerPolicy policy, TrainingCoordinator coordinator) {
    ScheduledExecutorService schedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "training-schedule");
              thread.setDaemon(true);
              return thread;
            });
    long every = p.scheduleEvery().toMillis();
    if (every > 0) {
      schedule.scheduleAtFixedRate(
          () -> {
            try {
              policy.onSchedule().forEach(coordinator::submit);
            } catch (RuntimeException e) {
              // An exception would cancel the schedule for good; the next tick tries again.
              LOG.error("scheduled training could not be admitted: {}", e.toString());
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    return schedule;
  }

  /** The git commit this build came from (written at build time), for lineage. */
  static String codeVersion() {
    try (InputStream in = TrainingFactory.class.getResourceAsStream("/pumpops-build.properties")) {
      Properties build = new Properties();
      if (in != null) {
        build.load(in);
      }
      String commit = build.getProperty("git.commit.id", "");
      return commit.isBlank() || commit.startsWith("$")
          ? "unknown"
          : commit + ("true".equals(build.getProperty("git.dirty")) ? "-dirty" : "");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** UP while the trigger consumers run; reports the runs waiting or running. */
  @Singleton
  HealthIndicator health(TriggerListener listener, TrainingCoordinator coordinator) {
    return new ServiceHealthIndicator(
        "training",
        () ->
            Health.of(
                listener.isRunning(),
                Map.of(
                    "triggerConsumer",
                    listener.isRunning() ? "running" : "stopped",
                    "activeRuns",
                    coordinator.activeRuns())));
  }
}
