package io.pumpops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.DevelopmentProfile;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops promote <model> <version>}: moves an alias by hand; a rollback is a move to an
 * older version.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = {
      "Points an alias (champion by default) of a model at a version, with a reason that goes into",
      "the registry's audit trail. A rollback is the same move to an older version.",
      "Example: ./pumpops promote pump-anomaly 3 --reason 'v4 alarms on pump-7'"
    })
final class PromoteCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", description = "Model name.")
  String model;

  @Parameters(index = "1", description = "Version the alias should point to.")
  int version;

  @Option(
      names = "--alias",
      defaultValue = io.pumpops.schemas.modelregistry.Aliases.CHAMPION,
      description = "Alias to move (default: ${DEFAULT-VALUE}).")
  String alias;

  @Option(names = "--reason", required = true, description = "Why; recorded in the audit trail.")
  String reason;

  @Option(
      names = "--registry-service-url",
      defaultValue = "${env:PUMPOPS_REGISTRY_SERVICE_URL:-http://127.0.0.1:8185}",
      description = "registry-service (default: ${DEFAULT-VALUE}).")
  URI registryUrl;

  @Option(
      names = "--token",
      defaultValue = DevelopmentProfile.CLI_TOKEN_DEFAULT,
      description = "Write token of registry-service (default: $PUMPOPS_TOKEN or the local one).")
  String token;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return promote(
        new ServiceClient("registry-service", registryUrl, token, spec.commandLine().getErr()),
        spec.commandLine().getOut(),
        model,
        alias,
        version,
        reason);
  }

  /** Moves the alias; shared with {@code models promote} and {@code models rollback}. */
  static int promote(
      ServiceClient registry,
      PrintWriter out,
      String model,
      String alias,
      int version,
      String reason) {
    String body =
        ServiceClient.JSON
            .createObjectNode()
            .put("version", version)
            .put("reason", reason)
            .toString();
    ServiceClient.Answer answer =
        registry.call(
            "PUT",
            "/models/" + ServiceClient.encode(model) + "/aliases/" + ServiceClient.encode(alias),
            body);
    if (answer.ok()) {
      out.printf(
          "%s: %s -> version %d (was %s)%n",
          model,
          alias,
          version,
          answer.body().hasNonNull("previousVersion")
              ? answer.body().get("previousVersion").asText()
              : "unset");
    }
    return answer.exit();
  }
}
