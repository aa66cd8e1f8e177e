package io.pumpops.dashboard.config;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.pumpops.dashboard.api.UpdateStream;
import io.pumpops.dashboard.feed.TopicFeed;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * DOWN when the feed has stopped; details say when it last heard from Kafka and how many pages are
 * open.
 */
@Singleton
final class DashboardHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final TopicFeed feed;
  private final UpdateStream updates;

  DashboardHealthIndicator(TopicFeed feed, UpdateStream updates) {
    this.feed = feed;
    this.updates = updates;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    healthStatus = feed.running() ? HealthStatus.UP : HealthStatus.DOWN;
    return Map.of(
        "feed",
        feed.running() ? "running" : "stopped",
        "lastPoll",
        feed.lastPoll() == null ? "never" : feed.lastPoll().toString(),
        "pages",
        updates.subscribers());
  }

  @Override
  protected String getName() {
    return "dashboard";
  }
}
