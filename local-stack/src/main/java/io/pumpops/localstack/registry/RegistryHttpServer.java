package io.pumpops.localstack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pumpops.schemas.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST front of the embedded registry: the Confluent Schema Registry API for Avro, with its
 * paths, its {@code application/vnd.schemaregistry.v1+json} media type and its error bodies ({@code
 * {"error_code": 40401, "message": "..."}}).
 *
 * <p>With credentials, every request that changes state (registering a schema, deleting, changing
 * compatibility) needs HTTP basic authentication with them, as a Confluent registry behind basic
 * auth does; reads, lookups and compatibility tests stay open. Subject names are checked before
 * anything is stored: at most {@value #MAX_SUBJECT_LENGTH} characters, no control characters.
 */
public final class RegistryHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryHttpServer.class);
  private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Longest subject name accepted; topic names are at most 249 characters, plus "-value". */
  static final int MAX_SUBJECT_LENGTH = 255;

  private final EmbeddedSchemaRegistry registry;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService executor;
  private final Optional<byte[]> expectedAuthorization;

  /** Starts serving on the loopback port ({@code 0} picks a free one), writes open to anyone. */
  public RegistryHttpServer(EmbeddedSchemaRegistry registry, int port) throws IOException {
    this(registry, port, Optional.empty());
  }

  /**
   * Starts serving on the loopback port ({@code 0} picks a free one).
   *
   * @param writeCredentials {@code user:password} that state-changing requests must present
   */
  public RegistryHttpServer(
      EmbeddedSchemaRegistry registry, int port, Optional<String> writeCredentials)
      throws IOException {
    this.registry = registry;
    this.expectedAuthorization =
        writeCredentials.map(
            c ->
                ("Basic "
                        + java.util.Base64.getEncoder()
                            .encodeToString(c.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8));
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "schema-registry-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = 200;
      String body;
      try {
        List<String> segments = segments(exchange);
        authorize(exchange, segments);
        checkSubject(segments);
        body = route(exchange.getRequestMethod(), segments, query(exchange), exchange).toString();
      } catch (RegistryError e) {
        status = e.httpStatus();
        body = error(e.errorCode(), e.getMessage());
        if (status == 401) {
          exchange
              .getResponseHeaders()
              .set("WWW-Authenticate", "Basic realm=\"pumpops-schema-registry\"");
        }
      } catch (JsonProcessingException e) {
        status = 400;
        body = error(400, "Unrecognized request body: " + e.getOriginalMessage());
      } catch (RuntimeException e) {
        log.error(
            "Schema registry request {} {} failed",
            exchange.getRequestMethod(),
            exchange.getRequestURI(),
            e);
        status = 500;
        body = error(50001, "Error in the backend data store: " + e);
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /**
   * State-changing requests need the configured credentials; lookups and compatibility tests are
   * reads.
   */
  private void authorize(HttpExchange exchange, List<String> path) {
    if (expectedAuthorization.isEmpty()) {
      return;
    }
    String method = exchange.getRequestMethod();
    boolean reading =
        method.equals("GET")
            || method.equals("HEAD")
            || (method.equals("POST")
                && (path.size() == 2 && path.get(0).equals("subjects")
                    || !path.isEmpty() && path.get(0).equals("compatibility")));
    if (reading) {
      return;
    }
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    if (given == null
        || !java.security.MessageDigest.isEqual(
            given.trim().getBytes(StandardCharsets.UTF_8), expectedAuthorization.get())) {
      throw new RegistryError(
          401, 40101, "Unauthorized: " + method + " needs the registry's basic-auth credentials");
    }
  }

  /** A subject must be a name, not a payload: bounded and printable. */
  private static void checkSubject(List<String> path) {
    int at =
        path.size() >= 2 && (path.get(0).equals("subjects") || path.get(0).equals("config"))
            ? 1
            : path.size() >= 3 && path.get(0).equals("compatibility") ? 2 : -1;
    if (at < 0) {
      return;
    }
    String subject = path.get(at);
    if (subject.isEmpty()
        || subject.length() > MAX_SUBJECT_LENGTH
        || subject.chars().anyMatch(Character::isISOControl)) {
      throw new RegistryError(
          422,
          42208,
          "Invalid subject: a subject has 1 to "
              + MAX_SUBJECT_LENGTH
              + " characters and no control characters (got "
              + subject.length()
              + ")");
    }
  }

  private JsonNode route(
      String method, List<String> path, Map<String, String> query, HttpExchange exchange)
      throws IOException {
    int n = path.size();
    String first = n > 0 ? path.get(0) : "";
    boolean includeDeleted = Boolean.parseBoolean(query.getOrDefault("deleted", "false"));
    switch (method + " " + first + "/" + n) {
      case "GET /0":
        return json.createObjectNode();
      case "GET subjects/1":
        return strings(registry.subjects(includeDeleted));
      case "GET schemas/2":
        if (path.get(1).equals("types")) {
          return json.createArrayNode().add("AVRO");
        }
        break;
      case "GET schemas/3":
        if (path.get(1).equals("ids")) {
          return json.createObjectNode().put("schema", registry.schemaById(id(path.get(2))));
        }
        break;
      case "GET schemas/4":
        if (path.get(1).equals("ids") && path.get(3).equals("schema")) {
          return json.readTree(registry.schemaById(id(path.get(2))));
        }
        if (path.get(1).equals("ids") && path.get(3).equals("versions")) {
          ArrayNode uses = json.createArrayNode();
          registry
              .usesOf(id(path.get(2)))
              .forEach(
                  r -> uses.addObject().put("subject", r.subject()).put("version", r.version()));
          return uses;
        }
        break;
      case "POST subjects/3":
        if (path.get(2).equals("versions")) {
          return json.createObjectNode()
              .put("id", registry.register(path.get(1), schemaOf(exchange)));
        }
        break;
      case "POST subjects/2":
        return registered(registry.lookup(path.get(1), schemaOf(exchange)));
      case "GET subjects/3":
        if (path.get(2).equals("versions")) {
          ArrayNode versions = json.createArrayNode();
          registry.versions(path.get(1), includeDeleted).forEach(versions::add);
          return versions;
        }
        break;
      case "GET subjects/4":
        if (path.get(2).equals("versions")) {
          return registered(registry.version(path.get(1), path.get(3)));
        }
        break;
      case "GET subjects/5":
        if (path.get(2).equals("versions") && path.get(4).equals("schema")) {
          return json.readTree(registry.version(path.get(1), path.get(3)).schema());
        }
        break;
      case "DELETE subjects/2":
        {
          ArrayNode versions = json.createArrayNode();
          registry
              .deleteSubject(
                  path.get(1), Boolean.parseBoolean(query.getOrDefault("permanent", "false")))
              .forEach(versions::add);
          return versions;
        }
      case "POST compatibility/4":
      case "POST compatibility/5":
        if (path.get(1).equals("subjects") && path.get(3).equals("versions")) {
          Optional<String> version = n == 5 ? Optional.of(path.get(4)) : Optional.empty();
          List<String> problems =
              registry.compatibilityProblems(path.get(2), version, schemaOf(exchange));
          ObjectNode answer = json.createObjectNode().put("is_compatible", problems.isEmpty());
          if (Boolean.parseBoolean(query.getOrDefault("verbose", "false"))) {
            answer.set("messages", strings(problems));
          }
          return answer;
        }
        break;
      case "GET config/1":
        return json.createObjectNode().put("compatibilityLevel", registry.globalLevel().name());
      case "PUT config/1":
        {
          CompatibilityLevel level = levelOf(exchange);
          registry.setLevel(null, level);
          return json.createObjectNode().put("compatibility", level.name());
        }
      case "GET config/2":
        {
          String subject = path.get(1);
          Optional<CompatibilityLevel> level = registry.subjectLevel(subject);
          if (level.isEmpty()
              && Boolean.parseBoolean(query.getOrDefault("defaultToGlobal", "false"))) {
            level = Optional.of(registry.globalLevel());
          }
          return json.createObjectNode()
              .put(
                  "compatibilityLevel",
                  level
                      .orElseThrow(
                          () ->
                              new RegistryError(
                                  404,
                                  40408,
                                  "Subject '"
                                      + subject
                                      + "' does not have subject-level compatibility configured"))
                      .name());
        }
      case "PUT config/2":
        {
          CompatibilityLevel level = levelOf(exchange);
          registry.setLevel(path.get(1), level);
          return json.createObjectNode().put("compatibility", level.name());
        }
      case "DELETE config/2":
        return json.createObjectNode()
            .put("compatibilityLevel", registry.deleteSubjectLevel(path.get(1)).name());
      default:
        break;
    }
    throw new RegistryError(404, 404, "HTTP 404 Not Found");
  }

  private JsonNode registered(EmbeddedSchemaRegistry.Registered r) {
    return json.createObjectNode()
        .put("subject", r.subject())
        .put("version", r.version())
        .put("id", r.id())
        .put("schema", r.schema());
  }

  private String schemaOf(HttpExchange exchange) throws IOException {
    JsonNode body = body(exchange);
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new RegistryError(
          422, 42201, "Invalid schema type " + type + ": this registry supports AVRO only");
    }
    if (!body.path("schema").isTextual()) {
      throw new RegistryError(
          422, 42201, "Invalid schema: the request body has no \"schema\" string");
    }
    return body.path("schema").asText();
  }

  private CompatibilityLevel levelOf(HttpExchange exchange) throws IOException {
    String value = body(exchange).path("compatibility").asText("");
    try {
      return CompatibilityLevel.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RegistryError(
          422,
          42203,
          "Invalid compatibility level. Valid values are none, backward, forward,"
              + " full, backward_transitive, forward_transitive, and full_transitive");
    }
  }

  private JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new RegistryError(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
      }
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new RegistryError(400, 400, "Request body must be a JSON object");
      }
      return node;
    }
  }

  private static int id(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw RegistryError.schemaNotFound("Schema " + text + " not found");
    }
  }

  private ArrayNode strings(List<String> values) {
    ArrayNode array = json.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  private String error(int code, String message) {
    return json.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static List<String> segments(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawPath();
    return Arrays.stream(raw.split("/"))
        .filter(s -> !s.isEmpty())
        // '+' is a literal plus in a path segment, not a space.
        .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
        .toList();
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(key, value);
      }
    }
    return query;
  }
}
