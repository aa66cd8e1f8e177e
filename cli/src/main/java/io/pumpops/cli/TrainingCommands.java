package io.pumpops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.localstack.DevelopmentProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The training-service's REST calls behind {@code pumpops train} and {@code pumpops retrain}. */
final class TrainingCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingCommands() {}

  /** Where training-service answers, and the command's output streams. */
  static final class TrainingService {

    @Option(
        names = "--training-url",
        defaultValue = "${env:PUMPOPS_TRAINING_URL:-http://127.0.0.1:8184}",
        description = "training-service (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
        names = "--token",
        defaultValue = DevelopmentProfile.CLI_TOKEN_DEFAULT,
        description =
            "An operator's write token (default: $PUMPOPS_TOKEN, or the development profile's).")
    String token;

    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;
  }

  /** {@code pumpops train <model>}: a manual training run. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Asks training-service to train a model now, on the last --lookback of telemetry.",
        "Example: ./pumpops train pump-anomaly --lookback PT6H"
      })
  static final class Train implements Callable<Integer> {

    @Parameters(index = "0", description = "Model name.")
    String model;

    @Option(
        names = "--lookback",
        description = "How much telemetry, ISO-8601 (default: the service's, PT6H).")
    String lookback;

    @Mixin TrainingService service;

    @Override
    public Integer call() {
      ObjectNode body = JSON.createObjectNode().put("model", model).put("lookback", lookback);
      return post(
          service,
          "/runs",
          body,
          Duration.ofSeconds(30),
          answer -> {
            service
                .spec
                .commandLine()
                .getOut()
                .printf(
                    "run %s %s%n",
                    answer.path("runId").asText(), answer.path("admission").asText().toLowerCase());
            return 0;
          });
    }
  }

  /** {@code pumpops retrain --from-lineage <model>:<version>}: rebuild and compare. */
  @Command(
      name = "retrain",
      mixinStandardHelpOptions = true,
      description = {
        "Rebuilds a registered model from its lineage (the same offsets, configuration and seed) and",
        "reports whether the data fingerprint and the model SHA-256 match. Exit code 0 when both match, 1 when",
        "not. Example: ./pumpops retrain --from-lineage pump-anomaly:3"
      })
  static final class Retrain implements Callable<Integer> {

    @Option(
        names = "--from-lineage",
        required = true,
        paramLabel = "<model>:<version>",
        description = "The registered version to rebuild.")
    String lineage;

    @Mixin TrainingService service;

    @Override
    public Integer call() {
      int colon = lineage.lastIndexOf(':');
      int version;
      try {
        version = Integer.parseInt(lineage.substring(colon + 1));
      } catch (RuntimeException e) {
        service
            .spec
            .commandLine()
            .getErr()
            .println("--from-lineage must be <model>:<version>, for example pump-anomaly:3");
        return 2;
      }
      ObjectNode body =
          JSON.createObjectNode().put("model", lineage.substring(0, colon)).put("version", version);
      return post(
          service,
          "/runs/rebuild",
          body,
          Duration.ofSeconds(30),
          accepted -> {
            String runId = accepted.path("runId").asText();
            service
                .spec
                .commandLine()
                .getOut()
                .printf(
                    accepted.path("alreadyQueued").asBoolean()
                        ? "%s is already being rebuilt, as run %s; waiting for it ...%n"
                        : "rebuilding %s as run %s ...%n",
                    lineage,
                    runId);
            return await(service, "/runs/rebuild/" + runId, timeout, this::report);
          });
    }

    @Option(
        names = "--timeout",
        defaultValue = "PT30M",
        description = "How long to wait for the rebuild (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private int report(JsonNode status) {
      var out = service.spec.commandLine().getOut();
      if (!status.path("state").asText().equals("finished")) {
        service
            .spec
            .commandLine()
            .getErr()
            .println("the rebuild of " + lineage + " failed: " + status.path("message").asText());
        return 2;
      }
      JsonNode r = status.path("report");
      out.printf(
          "rebuild of %s (run %s, parent %s): %d records replayed%n",
          lineage,
          r.path("runId").asText(),
          r.path("parentRunId").asText(),
          r.path("records").asLong());
      out.printf(
          "  data fingerprint  %s  %s%n",
          r.path("dataFingerprintMatches").asBoolean() ? "match   " : "DIFFERS ",
          r.path("actualDataFingerprint").asText());
      out.printf(
          "  model SHA-256     %s  %s%n",
          r.path("modelSha256Matches").asBoolean() ? "match   " : "DIFFERS ",
          r.path("actualModelSha256").asText());
      out.printf(
          "  code              then %s, now %s%n",
          r.path("codeVersionThen").asText(), r.path("codeVersionNow").asText());
      out.println(r.path("reproduced").asBoolean() ? "reproduced bit for bit" : "NOT reproduced");
      return r.path("reproduced").asBoolean() ? 0 : 1;
    }
  }

  /**
   * Asks {@code path} every two seconds until its state is no longer {@code queued-or-active}, then
   * hands the answer on.
   */
  private static int await(TrainingService service, String path, Duration timeout, Answer answer) {
    URI uri = service.url.resolve(path);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
          service
              .spec
              .commandLine()
              .getErr()
              .println(
                  "training-service answered "
                      + response.statusCode()
                      + ": "
                      + json.path("message").asText(response.body()));
          return 2;
        }
        if (!json.path("state").asText().equals("queued-or-active")) {
          return answer.handle(json);
        }
        if (System.nanoTime() > deadline) {
          service
              .spec
              .commandLine()
              .getErr()
              .println(
                  "gave up waiting after "
                      + timeout
                      + "; the rebuild goes on: ask again with GET "
                      + uri);
          return 2;
        }
        Thread.sleep(2_000);
      }
    } catch (IOException e) {
      service
          .spec
          .commandLine()
          .getErr()
          .println("training-service at " + uri + " did not answer: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }

  @FunctionalInterface
  private interface Answer {
    int handle(JsonNode body);
  }

  private static int post(
      TrainingService service, String path, JsonNode body, Duration timeout, Answer answer) {
    var spec = service.spec;
    URI uri = service.url.resolve(path);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(timeout)
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + service.token)
                      .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(response.body());
      if (response.statusCode() >= 400) {
        spec.commandLine()
            .getErr()
            .println(
                "training-service refused ("
                    + response.statusCode()
                    + "): "
                    + json.path("message").asText(response.body()));
        return response.statusCode() < 500 ? 1 : 2;
      }
      return answer.handle(json);
    } catch (IOException e) {
      spec.commandLine()
          .getErr()
          .println(
              "training-service at "
                  + uri
                  + " did not answer: "
                  + e.getMessage()
                  + " (start it with ./pumpops run training-service)");
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }
}
