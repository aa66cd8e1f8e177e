package io.pumpops.training;

import io.micronaut.runtime.Micronaut;

/**
 * Starts training-service. Configuration: {@code application.yml}, overridable by environment
 * variables.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
