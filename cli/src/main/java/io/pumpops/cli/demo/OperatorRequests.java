package io.pumpops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pumpops.localstack.DevelopmentProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * JSON requests to the services of the development profile, writes as its operator: what the demo
 * and the benchmarks ask training-service for. An answer of 300 or more is an IOException naming
 * the address, the status and the body.
 */
public final class OperatorRequests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();

  public JsonNode post(URI uri, JsonNode body) throws IOException, InterruptedException {
    return answer(
        uri,
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + DevelopmentProfile.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  public JsonNode get(URI uri) throws IOException, InterruptedException {
    return answer(
        uri, http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonNode answer(URI uri, HttpResponse<String> response) throws IOException {
    if (response.statusCode() >= 300) {
      throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
