package io.pumpops.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry endpoint answers the Confluent Schema Registry REST API as documented: paths,
 * bodies, the vnd.schemaregistry media type and the error codes. Raw HTTP on purpose, so this
 * checks the wire contract rather than our client; it runs unchanged against Confluent's registry
 * with -Dstack=containers.
 */
@ExtendWith(LocalStackExtension.class)
class RegistryApiIT {

  private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String V1 = record("id", "string");
  private static final String V2_WITH_OPTIONAL =
      "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
  private static final String V2_WITH_REQUIRED =
      "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"}]}";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final java.util.Optional<String> login;
  private final String subject = "api-it-" + UUID.randomUUID() + "-value";

  RegistryApiIT(StackAddresses stack) {
    SchemaRegistryClient.Config config = SchemaRegistryClient.Config.of(stack.schemaRegistryUrl());
    this.base = config.baseUrl().toString();
    this.login = config.basicAuthUserInfo();
  }

  private static String record(String field, String type) {
    return "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\""
        + field
        + "\",\"type\":\""
        + type
        + "\"}]}";
  }

  private record Answer(int status, JsonNode body, String contentType) {
    int errorCode() {
      return body.path("error_code").asInt();
    }
  }

  private Answer call(String method, String path, String body)
      throws IOException, InterruptedException {
    return call(method, path, body, login);
  }

  private Answer call(
      String method, String path, String body, java.util.Optional<String> credentials)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", MEDIA_TYPE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    credentials.ifPresent(
        c ->
            request.header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(c.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    if (body != null) {
      request.header("Content-Type", MEDIA_TYPE);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        json.readTree(response.body()),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private String schemaBody(String schema) {
    return json.createObjectNode().put("schema", schema).toString();
  }

  private int register(String subject, String schema) throws IOException, InterruptedException {
    Answer answer = call("POST", "/subjects/" + subject + "/versions", schemaBody(schema));
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.body().path("id").asInt();
  }

  @Test
  void anonymousWritesAreRefusedWhileReadsStayOpen() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        login.isPresent(), "this stack's registry has no credentials");
    register(subject, V1);
    java.util.Optional<String> nobody = java.util.Optional.empty();
    java.util.Optional<String> wrong = java.util.Optional.of("pumpops:guess");

    for (java.util.Optional<String> who : List.of(nobody, wrong)) {
      assertThat(
              call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_WITH_OPTIONAL), who)
                  .errorCode())
          .isEqualTo(40101);
      assertThat(call("DELETE", "/subjects/" + subject, null, who).status()).isEqualTo(401);
      assertThat(call("PUT", "/config", "{\"compatibility\":\"NONE\"}", who).status())
          .isEqualTo(401);
      assertThat(call("PUT", "/config/" + subject, "{\"compatibility\":\"NONE\"}", who).status())
          .isEqualTo(401);
    }
    assertThat(call("GET", "/subjects/" + subject + "/versions", null, nobody).status())
        .isEqualTo(200);
    assertThat(call("GET", "/config", null, nobody).body().path("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
  }

  @Test
  void anOverlongSubjectNameIsRefusedWith422() throws Exception {
    Answer huge = call("POST", "/subjects/" + "s".repeat(300_000) + "/versions", schemaBody(V1));

    assertThat(huge.status()).isEqualTo(422);
    assertThat(huge.errorCode()).isEqualTo(42208);
  }

  @Test
  void registerAnswersAnIdAndTheSameSchemaKeepsItsIdAcrossSubjects() throws Exception {
    int id = register(subject, V1);
    int again = register(subject, V1);
    int elsewhere = register("other-" + subject, V1);

    assertThat(id).isPositive();
    assertThat(again).isEqualTo(id);
    assertThat(elsewhere).isEqualTo(id);
    assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString())
        .isEqualTo("[1]");
  }

  @Test
  void getSchemaByIdAnswersTheSchemaAndUnknownIdsAre40403() throws Exception {
    int id = register(subject, V1);

    Answer found = call("GET", "/schemas/ids/" + id, null);
    Answer missing = call("GET", "/schemas/ids/99999999", null);

    assertThat(found.status()).isEqualTo(200);
    assertThat(found.contentType()).startsWith(MEDIA_TYPE);
    assertThat(json.readTree(found.body().path("schema").asText())).isEqualTo(json.readTree(V1));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40403);
    assertThat(missing.body().path("message").asText()).isNotBlank();
  }

  @Test
  void versionsAndLatestAnswerSubjectIdVersionAndSchema() throws Exception {
    int first = register(subject, V1);
    int second = register(subject, V2_WITH_OPTIONAL);

    Answer versions = call("GET", "/subjects/" + subject + "/versions", null);
    Answer latest = call("GET", "/subjects/" + subject + "/versions/latest", null);
    Answer one = call("GET", "/subjects/" + subject + "/versions/1", null);

    assertThat(versions.body().toString()).isEqualTo("[1,2]");
    assertThat(latest.body().path("subject").asText()).isEqualTo(subject);
    assertThat(latest.body().path("version").asInt()).isEqualTo(2);
    assertThat(latest.body().path("id").asInt()).isEqualTo(second);
    assertThat(one.body().path("id").asInt()).isEqualTo(first);
    assertThat(call("GET", "/subjects", null).body().toString()).contains("\"" + subject + "\"");
  }

  @Test
  void missingSubjectVersionAndInvalidVersionHaveTheirDocumentedCodes() throws Exception {
    register(subject, V1);

    Answer noSubject = call("GET", "/subjects/no-such-" + subject + "/versions", null);
    Answer noVersion = call("GET", "/subjects/" + subject + "/versions/7", null);
    Answer badVersion = call("GET", "/subjects/" + subject + "/versions/zero", null);

    assertThat(noSubject.status()).isEqualTo(404);
    assertThat(noSubject.errorCode()).isEqualTo(40401);
    assertThat(noVersion.status()).isEqualTo(404);
    assertThat(noVersion.errorCode()).isEqualTo(40402);
    assertThat(badVersion.status()).isEqualTo(422);
    assertThat(badVersion.errorCode()).isEqualTo(42202);
  }

  @Test
  void lookupFindsARegisteredSchemaAndAnswers40403ForAnotherAnd40401ForNoSubject()
      throws Exception {
    int id = register(subject, V1);

    Answer found = call("POST", "/subjects/" + subject, schemaBody(V1));
    Answer otherSchema = call("POST", "/subjects/" + subject, schemaBody(V2_WITH_OPTIONAL));
    Answer noSubject = call("POST", "/subjects/no-such-" + subject, schemaBody(V1));

    assertThat(found.body().path("id").asInt()).isEqualTo(id);
    assertThat(found.body().path("version").asInt()).isEqualTo(1);
    assertThat(otherSchema.errorCode()).isEqualTo(40403);
    assertThat(noSubject.errorCode()).isEqualTo(40401);
  }

  @Test
  void invalidSchemaIs42201() throws Exception {
    Answer answer =
        call(
            "POST",
            "/subjects/" + subject + "/versions",
            schemaBody("{\"type\":\"record\",\"name\":1}"));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).isEqualTo(42201);
  }

  @Test
  void backwardIncompatibleSchemaIsRefusedWith409AndTheCheckSaysWhy() throws Exception {
    register(subject, V1);

    Answer check =
        call(
            "POST",
            "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
            schemaBody(V2_WITH_REQUIRED));
    Answer registration =
        call("POST", "/subjects/" + subject + "/versions", schemaBody(V2_WITH_REQUIRED));
    Answer compatibleCheck =
        call(
            "POST",
            "/compatibility/subjects/" + subject + "/versions/latest",
            schemaBody(V2_WITH_OPTIONAL));

    assertThat(check.status()).isEqualTo(200);
    assertThat(check.body().path("is_compatible").asBoolean(true)).isFalse();
    assertThat(check.body().path("messages").toString()).contains("count");
    assertThat(registration.status()).isEqualTo(409);
    assertThat(registration.errorCode()).isEqualTo(409);
    assertThat(compatibleCheck.body().path("is_compatible").asBoolean(false)).isTrue();
    assertThat(call("GET", "/subjects/" + subject + "/versions", null).body().toString())
        .isEqualTo("[1]");
  }

  @Test
  void subjectConfigOverridesTheGlobalLevel() throws Exception {
    register(subject, V2_WITH_OPTIONAL);
    // Dropping the required field "id": new readers cope (BACKWARD), old readers cannot (FORWARD).
    String withoutId =
        "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":["
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    Answer noConfig = call("GET", "/config/" + subject, null);

    Answer set = call("PUT", "/config/" + subject, "{\"compatibility\":\"FORWARD\"}");
    Answer get = call("GET", "/config/" + subject, null);
    Answer refusedUnderForward =
        call("POST", "/subjects/" + subject + "/versions", schemaBody(withoutId));
    call("PUT", "/config/" + subject, "{\"compatibility\":\"BACKWARD\"}");
    Answer acceptedUnderBackward =
        call("POST", "/subjects/" + subject + "/versions", schemaBody(withoutId));

    assertThat(noConfig.status()).isEqualTo(404);
    assertThat(noConfig.errorCode()).isEqualTo(40408);
    assertThat(set.body().path("compatibility").asText()).isEqualTo("FORWARD");
    assertThat(get.body().path("compatibilityLevel").asText()).isEqualTo("FORWARD");
    assertThat(refusedUnderForward.status()).isEqualTo(409);
    assertThat(acceptedUnderBackward.status()).isEqualTo(200);
  }

  @Test
  void globalConfigAnswersItsLevelAndInvalidLevelsAre42203() throws Exception {
    Answer global = call("GET", "/config", null);
    Answer invalid = call("PUT", "/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");

    assertThat(global.status()).isEqualTo(200);
    assertThat(global.body().path("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.errorCode()).isEqualTo(42203);
  }

  @Test
  void deletingASubjectAnswersItsVersionsAndHidesIt() throws Exception {
    register(subject, V1);
    register(subject, V2_WITH_OPTIONAL);

    Answer deleted = call("DELETE", "/subjects/" + subject, null);
    Answer afterwards = call("GET", "/subjects/" + subject + "/versions", null);

    assertThat(deleted.body().toString()).isEqualTo("[1,2]");
    assertThat(afterwards.errorCode()).isEqualTo(40401);
  }
}
