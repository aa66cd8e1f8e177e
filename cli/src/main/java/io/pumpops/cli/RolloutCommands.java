package io.pumpops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.DevelopmentProfile;
import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops rollout status|pause|resume|abort|rollback}: deploy-service's rollouts from the
 * command line. Exit codes: 0 done, 1 deploy-service refused (no such rollout, wrong state), 2
 * deploy-service could not be reached.
 */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = "See and steer staged rollouts of models to the edge gateways (deploy-service).",
    subcommands = {
      RolloutCommands.Status.class,
      RolloutCommands.Pause.class,
      RolloutCommands.Resume.class,
      RolloutCommands.Abort.class,
      RolloutCommands.Rollback.class
    })
final class RolloutCommands {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where deploy-service is, and how to print. */
  static final class Connection {
    @Option(
        names = "--deploy-service-url",
        defaultValue = "${env:PUMPOPS_DEPLOY_SERVICE_URL:-http://127.0.0.1:8186}",
        description = "deploy-service (default: ${DEFAULT-VALUE}).")
    URI deployUrl;

    @Option(
        names = "--token",
        defaultValue = DevelopmentProfile.CLI_TOKEN_DEFAULT,
        description =
            "An operator's write token for pause, resume, abort and rollback (default: $PUMPOPS_TOKEN, or"
                + " the development profile's).")
    String token;

    @Option(
        names = "--json",
        description = "Print deploy-service's JSON answer as is, for scripts.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The exit code when {@link #call} returned null: 1 refused, 2 unreachable. */
    int failure;

    /**
     * Calls deploy-service; prints the error and returns null when it refuses or cannot be reached.
     */
    JsonNode call(String method, String path, String body) {
      ServiceClient.Answer answer =
          new ServiceClient(
                  "deploy-service",
                  deployUrl,
                  "GET".equals(method) ? null : token,
                  spec.commandLine().getErr())
              .call(method, path, body);
      failure = answer.exit();
      return answer.body();
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Without an id: every rollout, newest first, a line each.",
        "With an id: that rollout's rings, gateways and history."
      })
  static final class Status implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", arity = "0..1", description = "Rollout id (see the list).")
    String id;

    @Override
    public Integer call() {
      JsonNode answer =
          connection.call("GET", id == null ? "/rollouts" : "/rollouts/" + encode(id), null);
      if (answer == null) {
        return connection.failure;
      }
      PrintWriter out = connection.out();
      if (connection.json) {
        out.println(answer.toPrettyString());
      } else if (id == null) {
        printList(out, answer);
      } else {
        printOne(out, answer);
      }
      return 0;
    }
  }

  /** The operator actions: one POST each. */
  abstract static class Action implements Callable<Integer> {
    @Mixin Connection connection;

    @Parameters(index = "0", description = "Rollout id.")
    String id;

    @Option(names = "--reason", description = "Why; kept in the rollout's history.")
    String reason;

    abstract String action();

    @Override
    public Integer call() {
      String body = JSON.createObjectNode().put("reason", reason).toString();
      JsonNode answer = connection.call("POST", "/rollouts/" + encode(id) + "/" + action(), body);
      if (answer == null) {
        return connection.failure;
      }
      if (connection.json) {
        connection.out().println(answer.toPrettyString());
      } else {
        printOne(connection.out(), answer);
      }
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Holds the next ring back; a failing gateway still rolls the rollout back.")
  static final class Pause extends Action {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Lets a paused rollout go on.")
  static final class Resume extends Action {
    @Override
    String action() {
      return "resume";
    }
  }

  @Command(
      name = "abort",
      mixinStandardHelpOptions = true,
      description =
          "Stops where it is: gateways keep what they run, the rings not reached never get the model.")
  static final class Abort extends Action {
    @Override
    String action() {
      return "abort";
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Sends every gateway that got the rollout's model back to the previous champion.")
  static final class Rollback extends Action {
    @Override
    String action() {
      return "rollback";
    }
  }

  private static void printList(PrintWriter out, JsonNode rollouts) {
    out.printf(
        "%-16s %-24s %-8s %-12s %-6s %-30s %s%n",
        "ROLLOUT", "MODEL", "VERSION", "STATE", "RING", "GATEWAYS", "STARTED");
    for (JsonNode r : rollouts) {
      out.printf(
          "%-16s %-24s %-8s %-12s %-6s %-30s %s%n",
          r.path("id").asText(),
          r.path("modelName").asText(),
          "v" + r.path("modelVersion").asInt(),
          r.path("state").asText(),
          (r.path("currentRing").asInt() + 1) + "/" + r.path("rings").asInt(),
          byStatus(r.path("gatewaysByStatus")),
          r.path("startedAt").asText());
    }
  }

  private static void printOne(PrintWriter out, JsonNode view) {
    JsonNode s = view.path("summary");
    out.printf(
        "%s  %s v%d (rollback to %s)  %s%s%n",
        s.path("id").asText(),
        s.path("modelName").asText(),
        s.path("modelVersion").asInt(),
        s.hasNonNull("previousVersion") ? "v" + s.get("previousVersion").asInt() : "none",
        s.path("state").asText(),
        s.hasNonNull("reason") ? ": " + s.get("reason").asText() : "");
    out.printf(
        "%-24s %-5s %-18s %-12s %-8s %s%n",
        "GATEWAY", "RING", "HARDWARE", "STATUS", "VERSION", "MESSAGE");
    for (JsonNode t : view.path("targets")) {
      out.printf(
          "%-24s %-5d %-18s %-12s %-8s %s%n",
          t.path("gatewayId").asText(),
          t.path("ring").asInt(),
          t.path("hardwareClass").asText(),
          t.path("status").asText(),
          "v" + t.path("version").asInt(),
          t.path("message").asText(""));
    }
    view.path("skipped")
        .fields()
        .forEachRemaining(
            e -> out.printf("%-24s skipped: %s%n", e.getKey(), e.getValue().asText()));
    out.println("history:");
    view.path("history").forEach(h -> out.println("  " + h.asText()));
  }

  private static String byStatus(JsonNode counts) {
    StringBuilder text = new StringBuilder();
    counts
        .fields()
        .forEachRemaining(
            e ->
                text.append(text.length() == 0 ? "" : " ")
                    .append(e.getKey().toLowerCase())
                    .append('=')
                    .append(e.getValue().asLong()));
    return text.toString();
  }

  private static String encode(String segment) {
    return ServiceClient.encode(segment);
  }
}
