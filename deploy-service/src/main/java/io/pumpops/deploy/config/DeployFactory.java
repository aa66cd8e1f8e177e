package io.pumpops.deploy.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.deploy.delivery.KafkaDeploymentLog;
import io.pumpops.deploy.delivery.MqttDesiredState;
import io.pumpops.deploy.delivery.SignedDesiredState;
import io.pumpops.deploy.fleet.GatewayDirectory;
import io.pumpops.deploy.packaging.ModelPackager;
import io.pumpops.deploy.packaging.PackageBuilder;
import io.pumpops.deploy.packaging.PackageStore;
import io.pumpops.deploy.packaging.TargetProfile;
import io.pumpops.deploy.rollout.Rollout;
import io.pumpops.deploy.rollout.RolloutManager;
import io.pumpops.deploy.rollout.RolloutStore;
import io.pumpops.messaging.deadletter.DeadLetterPublisher;
import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.messaging.listener.CatalogTopicListener;
import io.pumpops.modelpackage.AlarmPolicy;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.schemas.avro.EdgeStatus;
import io.pumpops.schemas.avro.ModelPromoted;
import io.pumpops.schemas.modelregistry.ModelRegistryClient;
import io.pumpops.schemas.modelregistry.RegisteredVersion;
import io.pumpops.schemas.registry.SchemaRegistry;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.topics.Topics;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires deploy-service from configuration and starts listening with the application. */
@Factory
class DeployFactory {

  private static final Logger LOG = LoggerFactory.getLogger(DeployFactory.class);
  private static final String CHAMPION = io.pumpops.schemas.modelregistry.Aliases.CHAMPION;

  @Singleton
  SchemaRegistry schemaRegistry(@Property(name = "pumpops.schema-registry.url") String url) {
    return SchemaRegistryClient.of(url);
  }

  @Singleton
  ModelRegistryClient modelRegistry(DeployProperties properties) {
    // deploy-service only reads from the registry: no token.
    return new ModelRegistryClient(URI.create(properties.registryUrl()), "");
  }

  @Singleton
  PackageStore packageStore(DeployProperties properties) {
    return new PackageStore(properties.stateDirectory().resolve("packages"));
  }

  /** Signs packages and desired states; gateways pin its public half. */
  @Singleton
  PrivateKey signingKey(DeployProperties p) {
    if (p.signingPrivateKey() == null || p.signingPrivateKey().isBlank()) {
      // No default: a key in the repository would let anyone who read it sign packages the fleet
      // trusts.
      throw new IllegalStateException(
          "deploy-service needs its package-signing key: set PUMPOPS_DEPLOY_SIGNING_PRIVATE_KEY"
              + " (base64 PKCS#8 Ed25519) and pin its public half on every gateway as PUMPOPS_EDGE_DEPLOY_PUBLIC_KEY;"
              + " './pumpops keygen' makes a pair");
    }
    return SigningKeys.privateKey(p.signingPrivateKey());
  }

  @Singleton
  ModelPackager modelPackager(
      DeployProperties p, ModelRegistryClient registry, PackageStore store, PrivateKey signingKey) {
    PackageBuilder builder = new PackageBuilder(signingKey, p.scoreOutput(), p.threshold());
    return new ModelPackager(
        (model, version) -> {
          RegisteredVersion v = registry.version(model, version);
          String profile =
              v.profileSha256() == null
                  ? null
                  : new String(registry.artifact(v.profileSha256()), StandardCharsets.UTF_8);
          return new PackageBuilder.ModelSource(
              model,
              version,
              v.artifactSha256(),
              v.featureSpecVersion(),
              profile,
              registry.artifact(v.artifactSha256()),
              AlarmPolicy.fromConfig(v.lineage() == null ? null : v.lineage().getTrainingConfig()));
        },
        builder,
        store,
        p.targets().stream().map(TargetProfile::parse).toList(),
        p.defaultTarget(),
        p.publicUrl());
  }

  @Singleton
  @Bean(preDestroy = "close")
  MqttDesiredState desiredState(
      @Property(name = "pumpops.mqtt.url") String url,
      @Property(name = "pumpops.mqtt.client-id") String clientId,
      @Nullable @Property(name = "pumpops.mqtt.username") String username,
      @Nullable @Property(name = "pumpops.mqtt.password") String password)
      throws MqttException {
    return new MqttDesiredState(
        url,
        clientId,
        Optional.ofNullable(username).filter(u -> !u.isBlank()),
        Optional.ofNullable(password).filter(u -> !u.isBlank()));
  }

  @Singleton
  @Bean(preDestroy = "close")
  KafkaDeploymentLog deploymentLog(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      SchemaRegistry registry) {
    return new KafkaDeploymentLog(bootstrap, registry);
  }

  @Singleton
  RolloutManager rolloutManager(
      DeployProperties p,
      ModelPackager packager,
      MqttDesiredState desired,
      PrivateKey signingKey,
      KafkaDeploymentLog log,
      MeterRegistry metrics) {
    RolloutStore store = new RolloutStore(p.stateDirectory());
    RolloutManager manager =
        new RolloutManager(
            new GatewayDirectory(p.gatewayStaleAfter()),
            packager,
            p.healthPolicy(),
            p.ringPlan(),
            new SignedDesiredState(desired, signingKey),
            log,
            store.load(),
            store::save,
            Clock.systemUTC());
    metrics.gauge("pumpops.deploy.gateways", manager, m -> m.directory().all().size());
    // Gateways that have not sent a heartbeat within gateway-stale-after: the fleet-wide view of
    // "gateway offline", since the gateways themselves sit behind their sites' networks.
    metrics.gauge(
        "pumpops.deploy.gateways.offline",
        manager,
        m ->
            m.directory().all().stream()
                .filter(g -> !m.directory().online(g.id(), Instant.now()))
                .count());
    for (Rollout.State state : Rollout.State.values()) {
      io.micrometer.core.instrument.Gauge.builder(
              "pumpops.deploy.rollouts",
              manager,
              m -> m.rollouts().stream().filter(r -> r.state() == state).count())
          .tag("state", state.name())
          .description("Rollouts by state")
          .register(metrics);
    }
    return manager;
  }

  /** The two topic listeners and the ticker, started with the application. */
  static final class Listeners implements AutoCloseable {
    private final CatalogTopicListener<ModelPromoted> promotions;
    private final CatalogTopicListener<EdgeStatus> statuses;
    private final ScheduledExecutorService ticker;
    private final DeadLetterPublisher deadLetters;

    Listeners(
        CatalogTopicListener<ModelPromoted> promotions,
        CatalogTopicListener<EdgeStatus> statuses,
        ScheduledExecutorService ticker,
        DeadLetterPublisher deadLetters) {
      this.promotions = promotions;
      this.statuses = statuses;
      this.ticker = ticker;
      this.deadLetters = deadLetters;
    }

    boolean running() {
      return promotions.isRunning() && statuses.isRunning();
    }

    @Override
    public void close() throws InterruptedException {
      ticker.shutdownNow();
      promotions.close();
      statuses.close();
      deadLetters.close();
    }
  }

  @Context
  @Bean(preDestroy = "close")
  Listeners listeners(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrap,
      DeployProperties p,
      SchemaRegistry registry,
      RolloutManager manager,
      MeterRegistry metrics) {
    DeadLetterPublisher deadLetters =
        new DeadLetterPublisher("deploy-service", bootstrap, registry, Clock.systemUTC());
    CatalogTopicListener<ModelPromoted> promotions =
        new CatalogTopicListener<>(
            bootstrap,
            p.groupId(),
            Topics.MODEL_PROMOTED,
            registry,
            promoted -> {
              if (CHAMPION.equals(promoted.getAlias())
                  && p.models().contains(promoted.getModelName())) {
                manager.onPromoted(
                    promoted.getModelName(),
                    promoted.getVersion(),
                    promoted.getPreviousVersion(),
                    promoted.getActor() + ": " + promoted.getReason());
              }
            },
            e ->
                e instanceof ModelRegistryClient.RegistryCallException call
                    && call.transientFailure(),
            deadLetters,
            Duration.ofSeconds(5));
    // Its own group: a rebalance of one listener does not stop the other.
    CatalogTopicListener<EdgeStatus> statuses =
        new CatalogTopicListener<>(
            bootstrap,
            p.groupId() + ".status",
            Topics.EDGE_STATUS,
            registry,
            manager::onStatus,
            e -> false,
            deadLetters,
            Duration.ofSeconds(5));
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "rollout-ticker");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleWithFixedDelay(
        () -> {
          try {
            manager.tick();
          } catch (RuntimeException e) {
            LOG.error("rollout tick failed: {}", e.toString(), e);
          }
        },
        p.tickEvery().toMillis(),
        p.tickEvery().toMillis(),
        TimeUnit.MILLISECONDS);
    statuses.bindMetrics(metrics).start();
    promotions.bindMetrics(metrics).start();
    return new Listeners(promotions, statuses, ticker, deadLetters);
  }

  /**
   * DOWN when the listeners have stopped or the MQTT broker is unreachable (desired state would
   * only be queued); details say how many gateways and rollouts deploy-service knows.
   */
  @Singleton
  HealthIndicator health(Listeners listeners, MqttDesiredState desired, RolloutManager rollouts) {
    return new ServiceHealthIndicator(
        "deploy",
        () ->
            Health.of(
                listeners.running() && desired.connected(),
                Map.of(
                    "listeners",
                    listeners.running() ? "running" : "stopped",
                    "mqtt",
                    desired.connected() ? "connected" : "disconnected",
                    "gateways",
                    rollouts.directory().all().size(),
                    "activeRollouts",
                    rollouts.rollouts().stream().filter(r -> r.state().active()).count())));
  }
}
