package io.pumpops.bench.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pumpops.bench.edge.ProductionModel;
import io.pumpops.deploy.packaging.PackageBuilder;
import io.pumpops.deploy.packaging.TargetProfile;
import io.pumpops.features.FeatureSpec;
import io.pumpops.features.drift.ReferenceProfile;
import io.pumpops.localstack.MqttCredentials;
import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.keys.DevSigningKeys;
import io.pumpops.localstack.mqtt.MqttAccessPolicy;
import io.pumpops.localstack.process.ServiceProcess;
import io.pumpops.modelpackage.DesiredStateSignature;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.modelpackage.onnx.OnnxExport;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.hash.Sha256;
import io.pumpops.schemas.mqtt.MqttTopics;
import io.pumpops.schemas.serde.AvroJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The model the fleet bench's real gateways score with, delivered as in the product: fitted like
 * training-service fits one ({@link ProductionModel}), packaged and signed by deploy-service's
 * {@link PackageBuilder}, served over HTTP from the bench JVM, and set as each gateway's desired
 * state on the central broker, signed, as deploy-service publishes it. The gateways verify both
 * signatures and the package's hash before they score with it.
 */
final class GatewayModel implements AutoCloseable {

  static final String NAME = "bench-fleet";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final HttpServer server;

  private GatewayModel(HttpServer server) {
    this.server = server;
  }

  /**
   * Builds the package, serves it, publishes every gateway's desired state and waits until each
   * scores with it.
   *
   * @param gateways gateway id → its process
   */
  static GatewayModel deploy(
      Map<String, ServiceProcess> gateways,
      StackAddresses addresses,
      DevSigningKeys keys,
      Duration timeout)
      throws IOException, MqttException, InterruptedException {
    FeatureSpec spec = FeatureSpec.PUMP_V1;
    ProductionModel model = ProductionModel.build(4, Duration.ofHours(3));
    PrivateKey deployKey = SigningKeys.privateKey(keys.privateKey());
    ModelPackage.Built built =
        new PackageBuilder(deployKey, OnnxExport.SCORE, 1.0)
            .build(
                new PackageBuilder.ModelSource(
                    NAME,
                    1,
                    Sha256.hex(model.onnx()),
                    spec.version(),
                    ReferenceProfile.of(spec.version(), spec.featureNames(), model.inputs())
                        .toJson(),
                    model.onnx()),
                TargetProfile.parse("x86-64-standard=1,1,ALL_OPT"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String path = "/packages/" + NAME + "-1.zip";
    server.createContext(
        path,
        exchange -> {
          exchange.sendResponseHeaders(200, built.bytes().length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(built.bytes());
          }
        });
    server.start();
    GatewayModel served = new GatewayModel(server);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + path;
    MqttClient client =
        new MqttClient(
            addresses.mqttUrl(),
            "bench-fleet-deploy-" + UUID.randomUUID(),
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    addresses
        .mqttCredentials()
        .map(c -> c.forIdentity(MqttAccessPolicy.DEPLOY))
        .ifPresent(c -> login(options, c));
    client.connect(options);
    try {
      for (String gateway : gateways.keySet()) {
        Deployment desired =
            DesiredStateSignature.sign(
                Deployment.newBuilder()
                    .setEventId(UUID.randomUUID().toString())
                    .setEventTime(Instant.now())
                    .setRolloutId("bench-fleet")
                    .setGatewayId(gateway)
                    .setModelName(NAME)
                    .setModelVersion(1)
                    .setPackageSha256(built.sha256())
                    .setPackageUrl(url)
                    .setSignature(built.signature())
                    .setRing(0)
                    .setStatus(DeploymentStatus.PENDING)
                    .build(),
                deployKey);
        client.publish(MqttTopics.desired(gateway), AvroJson.encode(desired), 1, true);
      }
    } finally {
      client.disconnect();
      client.close();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Map.Entry<String, ServiceProcess> gateway : gateways.entrySet()) {
      while (modelVersion(gateway.getValue()) != 1) {
        if (System.nanoTime() > deadline) {
          served.close();
          throw new IllegalStateException(
              gateway.getKey()
                  + " did not take "
                  + NAME
                  + " v1 within "
                  + timeout
                  + "; see "
                  + gateway.getValue().log());
        }
        Thread.sleep(250);
      }
    }
    return served;
  }

  /** Windows a gateway has scored since it started, from its Prometheus metrics. */
  static double scored(ServiceProcess gateway) throws IOException, InterruptedException {
    return get(gateway.baseUrl().resolve("/metrics"))
        .lines()
        .filter(l -> l.startsWith("pumpops_edge_scored_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static int modelVersion(ServiceProcess gateway) throws IOException, InterruptedException {
    return JSON.readTree(get(gateway.baseUrl().resolve("/status"))).path("modelVersion").asInt(0);
  }

  private static String get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void login(MqttConnectOptions options, MqttCredentials credentials) {
    options.setUserName(credentials.username());
    options.setPassword(credentials.password().toCharArray());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
