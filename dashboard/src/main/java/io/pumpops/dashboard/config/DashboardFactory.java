package io.pumpops.dashboard.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.pumpops.dashboard.api.UpdateStream;
import io.pumpops.dashboard.feed.TopicFeed;
import io.pumpops.dashboard.view.DashboardState;
import io.pumpops.messaging.health.Health;
import io.pumpops.messaging.health.ServiceHealthIndicator;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;

/** Wires the dashboard: the topics feed the view, the view feeds the open pages. */
@Factory
class DashboardFactory {

  @Singleton
  UpdateStream updateStream() {
    return new UpdateStream();
  }

  @Singleton
  DashboardState state(DashboardProperties properties, UpdateStream updates) {
    return new DashboardState(
        Clock.systemUTC(), properties.sampleEvery(), properties.thresholds(), updates);
  }

  @Context
  @Bean(preDestroy = "close")
  TopicFeed feed(
      @Property(name = "pumpops.kafka.bootstrap-servers") String bootstrapServers,
      @Property(name = "pumpops.schema-registry.url") String registryUrl,
      DashboardProperties properties,
      DashboardState state,
      UpdateStream updates,
      MeterRegistry meters) {
    TopicFeed feed =
        new TopicFeed(
            bootstrapServers,
            SchemaRegistryClient.of(registryUrl),
            state::apply,
            properties.liveBacklog(),
            Clock.systemUTC());
    feed.received()
        .forEach(
            (topic, count) ->
                FunctionCounter.builder("pumpops.dashboard.records", count, Number::doubleValue)
                    .description("Records read from the topic")
                    .tag("topic", topic)
                    .register(meters));
    FunctionCounter.builder("pumpops.dashboard.undecodable", feed, TopicFeed::undecodable)
        .description("Records skipped because they did not decode")
        .register(meters);
    Gauge.builder("pumpops.dashboard.pages", updates, UpdateStream::subscribers)
        .description("Pages receiving live updates")
        .register(meters);
    return feed.start();
  }

  /**
   * DOWN when the feed has stopped; details say when it last heard from Kafka and how many pages
   * are open.
   */
  @Singleton
  HealthIndicator health(TopicFeed feed, UpdateStream updates) {
    return new ServiceHealthIndicator(
        "dashboard",
        () ->
            Health.of(
                feed.running(),
                Map.of(
                    "feed",
                    feed.running() ? "running" : "stopped",
                    "lastPoll",
                    feed.lastPoll() == null ? "never" : feed.lastPoll().toString(),
                    "pages",
                    updates.subscribers())));
  }
}
