package io.pumpops.localstack;

/**
 * What the development profile ({@code MICRONAUT_ENVIRONMENTS=dev}, each service's
 * application-dev.yml) grants, for the tools that talk to services running under it: the demo and
 * the CLI's default. Never a production credential; the services refuse to start without real ones
 * outside that profile.
 */
public final class DevelopmentProfile {

  /** The operator+service write token of every service's application-dev.yml. */
  public static final String TOKEN = "pumpops-local-token";

  /** The CLI's {@code --token}: {@code $PUMPOPS_TOKEN}, else the development profile's. */
  public static final String CLI_TOKEN_DEFAULT = "${env:PUMPOPS_TOKEN:-" + TOKEN + "}";

  private DevelopmentProfile() {}
}
