package io.pumpops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pumpops.localstack.DevelopmentProfile;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pumpops models list|show|promote|rollback|audit}: registry-service from the command line.
 * Exit codes: 0 done, 1 refused (no such model, bad token) or the audit chain is broken, 2
 * registry-service could not be reached.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "Models in the registry: versions, aliases, metrics, lineage and the audit trail.",
    subcommands = {
      ModelCommands.ListModels.class,
      ModelCommands.Show.class,
      PromoteCommand.class,
      ModelCommands.Rollback.class,
      ModelCommands.Audit.class
    })
final class ModelCommands {

  /** Where registry-service is, and how to print. */
  static final class Registry {
    @Option(
        names = "--registry-service-url",
        defaultValue = "${env:PUMPOPS_REGISTRY_SERVICE_URL:-http://127.0.0.1:8185}",
        description = "registry-service (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
        names = "--token",
        defaultValue = DevelopmentProfile.CLI_TOKEN_DEFAULT,
        description = "Write token of registry-service (default: $PUMPOPS_TOKEN or the local one).")
    String token;

    @Option(names = "--json", description = "Print registry-service's JSON as is, for scripts.")
    boolean json;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    ServiceClient client() {
      return new ServiceClient("registry-service", url, token, spec.commandLine().getErr());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    /**
     * Prints the answer as JSON when asked, else through the table printer; returns the exit code.
     */
    int print(ServiceClient.Answer answer, java.util.function.Consumer<JsonNode> table) {
      if (answer.ok()) {
        if (json) {
          out().println(answer.body().toPrettyString());
        } else {
          table.accept(answer.body());
        }
      }
      return answer.exit();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Every model with its aliases and latest version.")
  static final class ListModels implements Callable<Integer> {
    @Mixin Registry registry;

    @Override
    public Integer call() {
      return registry.print(
          registry.client().get("/models"),
          models -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"MODEL", "VERSIONS", "LATEST", "ALIASES", "CREATED BY"});
            models.forEach(
                m ->
                    rows.add(
                        new String[] {
                          m.path("name").asText(),
                          m.path("versionCount").asText(),
                          "v" + m.path("latestVersion").asText(),
                          aliases(m.path("aliases")),
                          m.path("createdBy").asText()
                        }));
            Tables.print(registry.out(), rows);
          });
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "A model's versions, newest first, with aliases and metrics;",
        "with a version: that version's metrics and lineage (what to rebuild it from)."
      })
  static final class Show implements Callable<Integer> {
    @Mixin Registry registry;

    @Parameters(index = "0", description = "Model name.")
    String model;

    @Parameters(index = "1", arity = "0..1", description = "Version.")
    Integer version;

    @Override
    public Integer call() {
      String base = "/models/" + ServiceClient.encode(model) + "/versions";
      if (version != null) {
        return registry.print(
            registry.client().get(base + "/" + version), v -> printVersion(registry.out(), v));
      }
      return registry.print(
          registry.client().get(base),
          versions -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(
                new String[] {"VERSION", "ALIASES", "REGISTERED", "BY", "HOLDOUT FAR", "ARTIFACT"});
            List<JsonNode> newestFirst = new ArrayList<>();
            versions.forEach(v -> newestFirst.add(0, v));
            newestFirst.forEach(
                v ->
                    rows.add(
                        new String[] {
                          "v" + v.path("version").asText(),
                          String.join(",", texts(v.path("aliases"))),
                          v.path("registeredAt").asText(),
                          v.path("registeredBy").asText(),
                          v.path("metrics").path("holdout.falseAlarmRate").asText("-"),
                          v.path("artifactSha256").asText().substring(0, 12)
                        }));
            Tables.print(registry.out(), rows);
          });
    }

    private static void printVersion(PrintWriter out, JsonNode v) {
      out.printf(
          "%s v%s%s%n",
          v.path("modelName").asText(),
          v.path("version").asText(),
          v.path("aliases").isEmpty()
              ? ""
              : "  (" + String.join(", ", texts(v.path("aliases"))) + ")");
      out.printf(
          "  registered     %s by %s%n",
          v.path("registeredAt").asText(), v.path("registeredBy").asText());
      out.printf("  artifact       %s%n", v.path("artifactSha256").asText());
      out.printf("  feature spec   %s%n", v.path("featureSpecVersion").asText());
      v.path("metrics")
          .fields()
          .forEachRemaining(m -> out.printf("  %-14s %s%n", m.getKey(), m.getValue().asText()));
      JsonNode lineage = v.path("lineage");
      out.printf(
          "  run            %s%s%n",
          lineage.path("runId").asText(),
          lineage.hasNonNull("parentRunId")
              ? " (rebuild of " + lineage.path("parentRunId").asText() + ")"
              : "");
      out.printf(
          "  data           fingerprint %s, seed %s, code %s%n",
          lineage.path("dataFingerprint").asText(),
          lineage.path("seed").asText(),
          lineage.path("codeVersion").asText());
      lineage
          .path("datasetRanges")
          .forEach(
              r ->
                  out.printf(
                      "                 %s[%s] offsets %s..%s%n",
                      r.path("topic").asText(),
                      r.path("partition").asText(),
                      r.path("fromOffset").asText(),
                      r.path("toOffset").asText()));
      out.printf(
          "  rebuild        ./pumpops retrain --from-lineage %s:%s%n",
          v.path("modelName").asText(), v.path("version").asText());
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Points the champion back at the version that was champion before the current one.")
  static final class Rollback implements Callable<Integer> {
    @Mixin Registry registry;

    @Parameters(index = "0", description = "Model name.")
    String model;

    @Option(names = "--reason", required = true, description = "Why; recorded in the audit trail.")
    String reason;

    @Override
    public Integer call() {
      ServiceClient client = registry.client();
      ServiceClient.Answer audit = client.get("/audit?model=" + ServiceClient.encode(model));
      if (!audit.ok()) {
        return audit.exit();
      }
      // The champion's moves, oldest first: roll back to the one before the current.
      List<Integer> champions = new ArrayList<>();
      audit
          .body()
          .forEach(
              e -> {
                if (io.pumpops.schemas.modelregistry.Aliases.CHAMPION.equals(
                        e.path("alias").asText())
                    && e.path("version").isInt()) {
                  int v = e.path("version").asInt();
                  if (champions.isEmpty() || champions.get(champions.size() - 1) != v) {
                    champions.add(v);
                  }
                }
              });
      if (champions.size() < 2) {
        registry
            .spec
            .commandLine()
            .getErr()
            .println(
                model + " has had no champion before the current one: nothing to roll back to");
        return 1;
      }
      return PromoteCommand.promote(
          client,
          registry.out(),
          model,
          io.pumpops.schemas.modelregistry.Aliases.CHAMPION,
          champions.get(champions.size() - 2),
          "rollback: " + reason);
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = {
        "The registry's audit trail (every registration and alias move, with actor and reason),",
        "oldest first; --verify recomputes the hash chain and exits 1 if it is broken."
      })
  static final class Audit implements Callable<Integer> {
    @Mixin Registry registry;

    @Parameters(index = "0", arity = "0..1", description = "Only this model.")
    String model;

    @Option(names = "--verify", description = "Recompute the hash chain from mlops.registry-log.")
    boolean verify;

    @Override
    public Integer call() {
      if (verify) {
        ServiceClient.Answer answer = registry.client().get("/audit/verify");
        int exit =
            registry.print(
                answer,
                v ->
                    registry
                        .out()
                        .printf(
                            "audit chain %s: %s entries, head %s%s%n",
                            v.path("intact").asBoolean() ? "intact" : "BROKEN",
                            v.path("entries").asText(),
                            v.path("headHash").asText(),
                            v.path("brokenAt").isNull()
                                ? ""
                                : ", broken at " + v.path("brokenAt")));
        return exit != 0 ? exit : (answer.body().path("intact").asBoolean() ? 0 : 1);
      }
      String query = model == null ? "" : "?model=" + ServiceClient.encode(model);
      return registry.print(
          registry.client().get("/audit" + query),
          entries -> {
            List<String[]> rows = new ArrayList<>();
            rows.add(
                new String[] {
                  "SEQ", "TIME", "MODEL", "ACTION", "VERSION", "ALIAS", "ACTOR", "REASON"
                });
            entries.forEach(
                e ->
                    rows.add(
                        new String[] {
                          e.path("sequence").asText(),
                          e.path("eventTime").asText(),
                          e.path("modelName").asText(),
                          e.path("action").asText(),
                          e.path("version").asText("-"),
                          e.path("alias").asText("-"),
                          e.path("actor").asText(),
                          e.path("reason").asText("")
                        }));
            Tables.print(registry.out(), rows);
          });
    }
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static String aliases(JsonNode aliases) {
    List<String> parts = new ArrayList<>();
    aliases.fields().forEachRemaining(a -> parts.add(a.getKey() + "=v" + a.getValue().asText()));
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }
}
