package io.pumpops.schemas.modelregistry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pumpops.schemas.avro.Lineage;
import io.pumpops.schemas.avro.OffsetRange;
import io.pumpops.schemas.hash.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * registry-service's REST API as training-service and deploy-service use it: read versions, aliases
 * and lineage, fetch artifacts (content-addressed), register versions, move aliases. Downloads are
 * checked against their hash.
 */
public final class ModelRegistryClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The registry answered with an error, or could not be reached. */
  public static final class RegistryCallException extends RuntimeException {
    private final boolean transientFailure;

    public RegistryCallException(String message, Throwable cause) {
      this(message, cause, false);
    }

    public RegistryCallException(String message, Throwable cause, boolean transientFailure) {
      super(message, cause);
      this.transientFailure = transientFailure;
    }

    /**
     * True when the same call may well succeed later: the registry was unreachable or answered 5xx.
     */
    public boolean transientFailure() {
      return transientFailure;
    }
  }

  private final URI baseUrl;
  private final String token;
  private final HttpClient http;

  public ModelRegistryClient(URI baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  public Optional<RegisteredVersion> alias(String model, String alias) {
    return getJson("/models/" + encode(model) + "/aliases/" + encode(alias))
        .map(ModelRegistryClient::version);
  }

  public RegisteredVersion version(String model, int version) {
    return getJson("/models/" + encode(model) + "/versions/" + version)
        .map(ModelRegistryClient::version)
        .orElseThrow(
            () ->
                new RegistryCallException(
                    "the registry has no version " + version + " of '" + model + "'", null));
  }

  /** The newest registered version, archived or not. */
  public Optional<RegisteredVersion> latest(String model) {
    Optional<JsonNode> versions = getJson("/models/" + encode(model) + "/versions");
    if (versions.isEmpty() || versions.get().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(version(versions.get().get(versions.get().size() - 1)));
  }

  /** An artifact's bytes, refused if they do not hash to the address asked for. */
  public byte[] artifact(String sha256) {
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(uri("/artifacts/" + sha256)).GET(),
            HttpResponse.BodyHandlers.ofByteArray());
    expect(response, "GET /artifacts/" + sha256, 200);
    String actual = Sha256.hex(response.body());
    if (!actual.equals(sha256)) {
      throw new RegistryCallException(
          "artifact " + sha256 + " arrived with hash " + actual + "; refused", null);
    }
    return response.body();
  }

  public void upload(byte[] bytes) {
    String sha256 = Sha256.hex(bytes);
    HttpResponse<String> response =
        send(
            authorized(HttpRequest.newBuilder(uri("/artifacts/" + sha256)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
            HttpResponse.BodyHandlers.ofString());
    expect(response, "PUT /artifacts/" + sha256, 200, 201);
  }

  /** Creates the model unless it exists. */
  public void ensureModel(String model, String description) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", model)
            .put("description", description)
            .put("reason", "first training run");
    HttpResponse<String> response = post("/models", body);
    expect(response, "POST /models", 201, 409);
  }

  /** Registers a version; the same run's artifact twice gives the version already registered. */
  public RegisteredVersion register(
      String model,
      String artifactSha256,
      String profileSha256,
      Map<String, Double> metrics,
      Lineage lineage,
      String description) {
    ObjectNode body =
        JSON.createObjectNode()
            .put("artifactSha256", artifactSha256)
            .put("profileSha256", profileSha256)
            .put("description", description)
            .put("reason", "training run " + lineage.getRunId());
    ObjectNode metricsNode = body.putObject("metrics");
    new TreeMap<>(metrics).forEach(metricsNode::put);
    body.set("lineage", lineageJson(lineage));
    HttpResponse<String> response = post("/models/" + encode(model) + "/versions", body);
    expect(response, "POST /models/" + model + "/versions", 200, 201);
    return version(read(response.body()));
  }

  public void setAlias(String model, String alias, int version, String reason) {
    ObjectNode body = JSON.createObjectNode().put("version", version).put("reason", reason);
    HttpResponse<String> response =
        send(
            authorized(
                    HttpRequest.newBuilder(
                        uri("/models/" + encode(model) + "/aliases/" + encode(alias))))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())),
            HttpResponse.BodyHandlers.ofString());
    expect(response, "PUT alias " + alias, 200);
  }

  private HttpResponse<String> post(String path, JsonNode body) {
    return send(
        authorized(HttpRequest.newBuilder(uri(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        HttpResponse.BodyHandlers.ofString());
  }

  private Optional<JsonNode> getJson(String path) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri(path)).GET(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "GET " + path, 200);
    return Optional.of(read(response.body()));
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + token);
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(60)).build(), handler);
    } catch (IOException e) {
      throw new RegistryCallException(
          "registry at " + baseUrl + " unreachable: " + e.getMessage(), e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryCallException("interrupted while calling the registry", e, true);
    }
  }

  private static void expect(HttpResponse<?> response, String call, int... statuses) {
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return;
      }
    }
    Object body =
        response.body() instanceof byte[] bytes
            ? new String(bytes, StandardCharsets.UTF_8)
            : response.body();
    throw new RegistryCallException(
        call + " answered " + response.statusCode() + ": " + body,
        null,
        response.statusCode() >= 500);
  }

  private URI uri(String path) {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new RegistryCallException("the registry's answer is not JSON: " + json, e);
    }
  }

  private static RegisteredVersion version(JsonNode v) {
    return new RegisteredVersion(
        v.path("modelName").asText(),
        v.path("version").asInt(),
        v.path("artifactSha256").asText(),
        v.hasNonNull("profileSha256") ? v.get("profileSha256").asText() : null,
        v.path("featureSpecVersion").asText(),
        lineage(v.path("lineage")));
  }

  static Lineage lineage(JsonNode l) {
    List<OffsetRange> ranges = new ArrayList<>();
    for (JsonNode r : l.path("datasetRanges")) {
      ranges.add(
          new OffsetRange(
              r.path("topic").asText(),
              r.path("partition").asInt(),
              r.path("fromOffset").asLong(),
              r.path("toOffset").asLong(),
              r.path("recordCount").asLong()));
    }
    Map<String, String> config = new TreeMap<>();
    l.path("trainingConfig")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return Lineage.newBuilder()
        .setDatasetRanges(ranges)
        .setDataFingerprint(l.path("dataFingerprint").asText())
        .setFeatureSpecVersion(l.path("featureSpecVersion").asText())
        .setTrainingConfig(config)
        .setSeed(l.path("seed").asLong())
        .setCodeVersion(l.path("codeVersion").asText())
        .setRunId(l.path("runId").asText())
        .setParentRunId(l.hasNonNull("parentRunId") ? l.get("parentRunId").asText() : null)
        .build();
  }

  static ObjectNode lineageJson(Lineage lineage) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode ranges = node.putArray("datasetRanges");
    for (OffsetRange r : lineage.getDatasetRanges()) {
      ranges
          .addObject()
          .put("topic", r.getTopic())
          .put("partition", r.getPartition())
          .put("fromOffset", r.getFromOffset())
          .put("toOffset", r.getToOffset())
          .put("recordCount", r.getRecordCount());
    }
    node.put("dataFingerprint", lineage.getDataFingerprint())
        .put("featureSpecVersion", lineage.getFeatureSpecVersion());
    ObjectNode config = node.putObject("trainingConfig");
    new TreeMap<>(lineage.getTrainingConfig()).forEach(config::put);
    node.put("seed", lineage.getSeed())
        .put("codeVersion", lineage.getCodeVersion())
        .put("runId", lineage.getRunId())
        .put("parentRunId", lineage.getParentRunId());
    return node;
  }
}
