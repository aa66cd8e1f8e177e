package io.pumpops.messaging.health;

import java.util.Map;

/**
 * How one part of a service stands: up or down, and the details an operator reads on {@code
 * /health} (what is connected, what is running, how much is queued).
 */
public record Health(boolean up, Map<String, Object> details) {

  public Health {
    details = Map.copyOf(details);
  }

  public static Health of(boolean up, Map<String, Object> details) {
    return new Health(up, details);
  }
}
