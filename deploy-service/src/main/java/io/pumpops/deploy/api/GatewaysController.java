package io.pumpops.deploy.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.pumpops.deploy.rollout.RolloutManager;
import java.time.Instant;
import java.util.List;

/** The gateways deploy-service knows from their heartbeats. */
@Controller("/gateways")
final class GatewaysController {

  private final RolloutManager manager;

  GatewaysController(RolloutManager manager) {
    this.manager = manager;
  }

  @Get
  List<Views.GatewayView> list() {
    Instant now = Instant.now();
    return manager.directory().all().stream()
        .map(g -> Views.GatewayView.of(g, manager.directory().online(g.id(), now)))
        .toList();
  }
}
