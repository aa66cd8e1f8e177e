package io.pumpops.messaging.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one health indicator of every Micronaut service: a name and a check. A service's factory
 * creates it from what it runs ({@code new ServiceHealthIndicator("driftService", app::health)});
 * Micronaut's /health reports it UP or DOWN with the check's details. The check runs off the event
 * loop: some ask Kafka or a broker and may wait.
 */
public final class ServiceHealthIndicator implements HealthIndicator {

  private final String name;
  private final Supplier<Health> check;

  public ServiceHealthIndicator(String name, Supplier<Health> check) {
    this.name = name;
    this.check = check;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Mono.fromCallable(this::result).subscribeOn(Schedulers.boundedElastic());
  }

  HealthResult result() {
    Health health;
    try {
      health = check.get();
    } catch (RuntimeException e) {
      return HealthResult.builder(name, HealthStatus.DOWN).exception(e).build();
    }
    return HealthResult.builder(name, health.up() ? HealthStatus.UP : HealthStatus.DOWN)
        .details(health.details())
        .build();
  }
}
