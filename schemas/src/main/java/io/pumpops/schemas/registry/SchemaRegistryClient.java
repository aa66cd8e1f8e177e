package io.pumpops.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of the Confluent Schema Registry REST API (Avro schemas), following the public API
 * reference: paths, the {@code application/vnd.schemaregistry.v1+json} media type and its error
 * codes. It works unchanged against Confluent's registry and against the embedded one.
 *
 * <p>Schemas and ids never change once registered, so lookups by id and registrations are cached
 * for the life of the client. Server errors (5xx) and connection failures are retried with a
 * backoff, because every call here is idempotent (registering an existing schema returns its id).
 * Client errors (4xx) are not retried: they become a {@link SchemaRegistryException} whose message
 * names the request, the subject and the registry's answer.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

  /** The registry's own media type, version 1. */
  public static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final String ACCEPT =
      MEDIA_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

  /**
   * How to reach a registry.
   *
   * @param baseUrl for example {@code http://localhost:8081}
   * @param connectTimeout TCP connect timeout
   * @param requestTimeout timeout of one HTTP request
   * @param maxRetries how many times a 5xx or connection failure is retried
   * @param retryBackoff wait before the first retry; doubles each time
   * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, if the registry needs it
   */
  public record Config(
      URI baseUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      int maxRetries,
      Duration retryBackoff,
      Optional<String> basicAuthUserInfo) {
    public Config {
      Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * Sensible defaults for a registry at the given URL. Credentials in the URL ({@code
     * http://user:password@host:8081}, as Confluent's {@code basic.auth.credentials.source=URL})
     * become the basic-auth user info and are taken out of the URL, so they never reach a log line
     * that prints the base URL.
     */
    public static Config of(String baseUrl) {
      URI uri = URI.create(stripSlash(baseUrl));
      Optional<String> userInfo =
          Optional.ofNullable(uri.getRawUserInfo())
              .map(
                  raw ->
                      java.net.URLDecoder.decode(
                          raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
      URI plain =
          userInfo.isEmpty()
              ? uri
              : URI.create(
                  uri.getScheme()
                      + "://"
                      + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                      + (uri.getRawPath() == null ? "" : uri.getRawPath()));
      return new Config(
          plain,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          3,
          Duration.ofMillis(200),
          userInfo);
    }
  }

  private final Config config;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  public SchemaRegistryClient(Config config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
  }

  /** A client with default timeouts and retries. */
  public static SchemaRegistryClient of(String baseUrl) {
    return new SchemaRegistryClient(Config.of(baseUrl));
  }

  public URI baseUrl() {
    return config.baseUrl();
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        send(
            "POST",
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(schema),
            "register schema under subject '" + subject + "'",
            subject);
    int id = answer.path("id").asInt();
    remember(subject, schema, id);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
    if (cached != null) {
      return cached;
    }
    RegisteredSchema found = lookup(subject, schema);
    remember(subject, schema, found.id());
    return found.id();
  }

  /** Finds a schema under a subject ({@code POST /subjects/{subject}}). */
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/subjects/" + encode(subject),
            schemaBody(schema),
            "look up schema under subject '" + subject + "'",
            subject);
    return toRegistered(answer, subject);
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("GET", "/schemas/ids/" + id, null, "get schema id " + id, null);
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    schemasById.put(id, schema);
    return schema;
  }

  /** All subjects ({@code GET /subjects}). */
  public List<String> subjects() {
    return strings(send("GET", "/subjects", null, "list subjects", null));
  }

  /** Versions registered under a subject ({@code GET /subjects/{subject}/versions}). */
  public List<Integer> versions(String subject) {
    JsonNode answer =
        send(
            "GET",
            "/subjects/" + encode(subject) + "/versions",
            null,
            "list versions of subject '" + subject + "'",
            subject);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  /** One version of a subject. */
  public RegisteredSchema version(String subject, int version) {
    return getVersion(subject, Integer.toString(version));
  }

  /** The latest version of a subject. */
  public RegisteredSchema latest(String subject) {
    return getVersion(subject, "latest");
  }

  private RegisteredSchema getVersion(String subject, String version) {
    JsonNode answer =
        send(
            "GET",
            "/subjects/" + encode(subject) + "/versions/" + version,
            null,
            "get version " + version + " of subject '" + subject + "'",
            subject);
    return toRegistered(answer, subject);
  }

  /**
   * Checks a schema against the latest version of a subject under the subject's compatibility rule,
   * without registering it.
   */
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    JsonNode answer =
        send(
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            schemaBody(schema),
            "check compatibility with subject '" + subject + "'",
            subject);
    return new CompatibilityResult(
        answer.path("is_compatible").asBoolean(false), strings(answer.path("messages")));
  }

  /** The global compatibility level ({@code GET /config}). */
  public CompatibilityLevel globalCompatibility() {
    return level(send("GET", "/config", null, "get global compatibility", null));
  }

  /** The subject's own compatibility level, if it has one ({@code GET /config/{subject}}). */
  public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
    try {
      return Optional.of(
          level(
              send(
                  "GET",
                  "/config/" + encode(subject),
                  null,
                  "get compatibility of subject '" + subject + "'",
                  subject)));
    } catch (SchemaRegistryException e) {
      // Registries before Confluent 7 answer 40401 instead of 40408 for "no subject-level config".
      if (e.errorCode() == ErrorCode.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
          || e.errorCode() == ErrorCode.SUBJECT_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Sets the global compatibility level ({@code PUT /config}). */
  public void setGlobalCompatibility(CompatibilityLevel level) {
    send("PUT", "/config", compatibilityBody(level), "set global compatibility to " + level, null);
  }

  /** Sets a subject's compatibility level ({@code PUT /config/{subject}}). */
  public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
    send(
        "PUT",
        "/config/" + encode(subject),
        compatibilityBody(level),
        "set compatibility of subject '" + subject + "' to " + level,
        subject);
  }

  /**
   * Soft-deletes a subject and returns the versions it had ({@code DELETE /subjects/{subject}}).
   */
  public List<Integer> deleteSubject(String subject) {
    JsonNode answer =
        send(
            "DELETE",
            "/subjects/" + encode(subject),
            null,
            "delete subject '" + subject + "'",
            subject);
    idsBySubject.remove(subject);
    List<Integer> versions = new ArrayList<>();
    answer.forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  private void remember(String subject, Schema schema, int id) {
    idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
    schemasById.putIfAbsent(id, schema);
  }

  private RegisteredSchema toRegistered(JsonNode answer, String subject) {
    int id = answer.path("id").asInt();
    Schema schema = parse(answer.path("schema").asText(), "subject '" + subject + "'");
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(
        answer.path("subject").asText(subject), id, answer.path("version").asInt(), schema);
  }

  private String schemaBody(Schema schema) {
    ObjectNode body = json.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private String compatibilityBody(CompatibilityLevel level) {
    ObjectNode body = json.createObjectNode();
    body.put("compatibility", level.name());
    return body.toString();
  }

  private static CompatibilityLevel level(JsonNode answer) {
    // GET answers {"compatibilityLevel": ...}; PUT answers {"compatibility": ...}.
    String value =
        answer.has("compatibilityLevel")
            ? answer.path("compatibilityLevel").asText()
            : answer.path("compatibility").asText();
    return CompatibilityLevel.valueOf(value);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
    return values;
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "Registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(),
          0,
          0,
          e);
    }
  }

  private JsonNode send(String method, String path, String body, String what, String subject) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
            .timeout(config.requestTimeout())
            .header("Accept", ACCEPT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", MEDIA_TYPE);
    }
    config
        .basicAuthUserInfo()
        .ifPresent(
            userInfo ->
                request.header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))));

    Duration backoff = config.retryBackoff();
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt >= config.maxRetries();
      HttpResponse<String> response;
      try {
        response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (last) {
          throw new SchemaRegistryException(
              "Could not "
                  + what
                  + ": registry at "
                  + config.baseUrl()
                  + " unreachable after "
                  + (attempt + 1)
                  + " attempts ("
                  + e
                  + ")",
              0,
              0,
              e);
        }
        pause(backoff, what);
        backoff = backoff.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("Interrupted while trying to " + what, 0, 0, e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return readJson(response.body(), what);
      }
      if (status >= 500 && !last) {
        pause(backoff, what);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      throw error(status, response.body(), what, subject);
    }
  }

  private JsonNode readJson(String body, String what) {
    try {
      return json.readTree(body.isEmpty() ? "{}" : body);
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(
          "Could not " + what + ": registry answered with invalid JSON: " + body, 0, 0, e);
    }
  }

  private SchemaRegistryException error(int status, String body, String what, String subject) {
    int errorCode = status;
    String message = body;
    try {
      JsonNode node = json.readTree(body);
      errorCode = node.path("error_code").asInt(status);
      message = node.path("message").asText(body);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Not the registry's JSON error body (a proxy's HTML page, say): report the raw body.
    }
    String text =
        "Could not "
            + what
            + ": registry answered HTTP "
            + status
            + " (error_code "
            + errorCode
            + "): "
            + message;
    if (errorCode == ErrorCode.INCOMPATIBLE_SCHEMA && subject != null) {
      return new IncompatibleSchemaException(subject, text);
    }
    return new SchemaRegistryException(text, status, errorCode, null);
  }

  private static void pause(Duration backoff, String what) {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException("Interrupted while retrying to " + what, 0, 0, e);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
