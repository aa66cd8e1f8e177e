package io.pumpops.localstack.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pumpops promote <model> <version>}: moves an alias by hand; a rollback is a move to an older version. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = {"Points an alias (champion by default) of a model at a version, with a reason that goes into",
        "the registry's audit trail. A rollback is the same move to an older version.",
        "Example: ./pumpops promote pump-anomaly 3 --reason 'v4 alarms on pump-7'"})
final class PromoteCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", description = "Model name.")
  String model;

  @Parameters(index = "1", description = "Version the alias should point to.")
  int version;

  @Option(names = "--alias", defaultValue = "champion", description = "Alias to move (default: ${DEFAULT-VALUE}).")
  String alias;

  @Option(names = "--reason", required = true, description = "Why; recorded in the audit trail.")
  String reason;

  @Option(names = "--registry-service-url", defaultValue = "${env:PUMPOPS_REGISTRY_SERVICE_URL:-http://127.0.0.1:8185}",
      description = "registry-service (default: ${DEFAULT-VALUE}).")
  URI registryUrl;

  @Option(names = "--token", defaultValue = "${env:PUMPOPS_REGISTRY_TOKEN:-pumpops-local-token}",
      description = "Write token of registry-service (default: $PUMPOPS_REGISTRY_TOKEN or the local one).")
  String token;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    String body = JSON.createObjectNode().put("version", version).put("reason", reason).toString();
    URI uri = registryUrl.resolve("/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/aliases/"
        + URLEncoder.encode(alias, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode answer = JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        spec.commandLine().getErr().println("registry-service refused (" + response.statusCode() + "): "
            + answer.path("message").asText(response.body()));
        return 2;
      }
      spec.commandLine().getOut().printf("%s: %s -> version %d (was %s)%n", model, alias, version,
          answer.hasNonNull("previousVersion") ? answer.get("previousVersion").asText() : "unset");
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("registry-service at " + uri + " did not answer: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }
}
