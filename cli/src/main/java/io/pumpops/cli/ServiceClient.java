package io.pumpops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One JSON call to a PumpOps service for a command. The CLI's exit codes come from here: 0
 * answered, 1 the service refused (no such thing, wrong state, bad request), 2 it could not be
 * reached. A refusal prints the service's own message.
 */
final class ServiceClient {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The service's answer (null unless ok) and the exit code it means. */
  record Answer(JsonNode body, int exit) {
    boolean ok() {
      return exit == 0;
    }
  }

  private final String service;
  private final URI baseUrl;
  private final String token;
  private final PrintWriter err;

  ServiceClient(String service, URI baseUrl, String token, PrintWriter err) {
    this.service = service;
    this.baseUrl = baseUrl;
    this.token = token;
    this.err = err;
  }

  static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Answer get(String path) {
    return call("GET", path, null);
  }

  Answer call(String method, String path, String body) {
    URI uri = URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode answer = response.body().isBlank() ? JSON.nullNode() : parse(response.body());
      if (response.statusCode() / 100 != 2) {
        err.println(
            service
                + " refused ("
                + response.statusCode()
                + "): "
                + answer.path("message").asText(response.body()));
        return new Answer(null, 1);
      }
      return new Answer(answer, 0);
    } catch (IOException e) {
      err.println(service + " at " + uri + " did not answer: " + e.getMessage());
      return new Answer(null, 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, 2);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }
}
