package io.pumpops.registry;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * Starts registry-service. Configuration: {@code application.yml}, overridable by environment
 * variables.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "pumpops-registry",
            version = "1",
            description =
                "Model versions with lineage, aliases, content-addressed artifacts and a hash-chained audit trail. "
                    + "Reads are open; writes need a bearer token."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(Application.class).banner(false).start();
  }
}
