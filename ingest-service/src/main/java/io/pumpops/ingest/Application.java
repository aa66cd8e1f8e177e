package io.pumpops.ingest;

import io.micronaut.runtime.Micronaut;

/**
 * Starts ingest-service. Configuration: {@code application.yml}, overridable by environment
 * variables.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    // No ASCII-art banner: the logs stay one structured line per event.
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
