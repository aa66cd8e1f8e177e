package io.pumpops.edge.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.pumpops.edge.support.PackageServer;
import io.pumpops.edge.support.TestPackages;
import io.pumpops.modelpackage.DesiredStateSignature;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.SigningKeys;
import io.pumpops.modelpackage.model.PcaAnomalyModel;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a gateway refuses, with real signed packages, a real HTTP server and real ONNX Runtime:
 * every refusal is reported with its reason, and the current model keeps scoring.
 */
class ModelManagerPolicyTest {

  private static final KeyPair DEPLOY = SigningKeys.generate();
  private static final String GATEWAY = "gw-policy";
  private static PcaAnomalyModel modelV1;
  private static PcaAnomalyModel modelV2;

  @TempDir Path directory;
  private final PackageServer server = new PackageServer();
  private ModelManager models;
  private ModelPackage.Built v1;
  private ModelPackage.Built v2;

  @BeforeAll
  static void fitModels() {
    modelV1 = TestPackages.fit(1, 3);
    modelV2 = TestPackages.fit(2, 3);
  }

  @BeforeEach
  void startWithV2() {
    v1 = TestPackages.build(modelV1, "pump-anomaly", 1, DEPLOY.getPrivate());
    v2 = TestPackages.build(modelV2, "pump-anomaly", 2, DEPLOY.getPrivate());
    models = manager(Duration.ofSeconds(3));
    assertThat(models.apply(desired(v2, serve(v2)))).isEqualTo(ModelManager.Outcome.SWAPPED);
  }

  @AfterEach
  void stop() {
    models.close();
    server.close();
  }

  @Test
  void anUnsignedOrForeignSignedDesiredStateIsRefused() {
    Deployment unsigned = TestPackages.unsigned(GATEWAY, v1, serve(v1));
    Deployment foreign = DesiredStateSignature.sign(unsigned, SigningKeys.generate().getPrivate());

    assertRefused(unsigned, "UNSIGNED_DESIRED_STATE");
    assertRefused(foreign, "UNSIGNED_DESIRED_STATE");
  }

  @Test
  void anOlderVersionIsRefusedUnlessTheSignedDesiredStateIsARollback() {
    assertRefused(desired(v1, serve(v1)), "DOWNGRADE");

    Deployment rollback =
        DesiredStateSignature.sign(
            Deployment.newBuilder(TestPackages.unsigned(GATEWAY, v1, serve(v1)))
                .setRollback(true)
                .build(),
            DEPLOY.getPrivate());
    assertThat(models.apply(rollback)).isEqualTo(ModelManager.Outcome.SWAPPED);
    assertThat(version()).isEqualTo(1);
  }

  @Test
  void aReplayedDesiredStateIssuedBeforeTheLastOneActedOnIsRefused() {
    Deployment old = desired(v1, serve(v1));
    Deployment newer = desired(v2, serve(v2));
    assertThat(models.apply(newer)).isEqualTo(ModelManager.Outcome.ALREADY_RUNNING);
    Deployment replayed =
        DesiredStateSignature.sign(
            Deployment.newBuilder(old)
                .setRollback(true)
                .setEventTime(newer.getEventTime().minusSeconds(60))
                .build(),
            DEPLOY.getPrivate());

    assertRefused(replayed, "STALE_DESIRED_STATE");
  }

  @Test
  void aPackageBuiltForAnotherHardwareClassIsRefused() {
    ModelPackage.Built arm =
        TestPackages.build(modelV1, "pump-anomaly", 3, "arm64-small", DEPLOY.getPrivate());

    assertRefused(desired(arm, serve(arm)), "WRONG_HARDWARE_CLASS");
  }

  @Test
  void fileUrlsAndHostsNotConfiguredAreRefusedWithoutFetching() {
    ModelPackage.Built v3 = TestPackages.build(modelV1, "pump-anomaly", 3, DEPLOY.getPrivate());

    assertRefused(desired(v3, "file:///etc/passwd"), "URL_NOT_ALLOWED");
    assertRefused(
        desired(v3, "http://deploy.elsewhere.example:8186/packages/" + v3.sha256()),
        "URL_NOT_ALLOWED");
  }

  @Test
  void aSlowDripServerCostsOneTimeoutAndTheNextGoodPackageIsApplied() throws Exception {
    ModelPackage.Built v3 = TestPackages.build(modelV1, "pump-anomaly", 3, DEPLOY.getPrivate());
    // The server under test drips: a scheduler releases one byte every 200 ms, the handler writes
    // it.
    java.util.concurrent.BlockingQueue<Integer> released =
        new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.ScheduledExecutorService tap =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    tap.scheduleAtFixedRate(
        () -> released.add(1), 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    HttpServer drip =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    drip.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, v3.bytes().length);
          try (OutputStream out = exchange.getResponseBody()) {
            for (byte b : v3.bytes()) {
              if (released.poll(5, java.util.concurrent.TimeUnit.SECONDS) == null) {
                return; // the tap was closed: the test is over
              }
              out.write(b);
              out.flush();
            }
          } catch (InterruptedException | IOException e) {
            // the gateway hung up, as it should
          }
        });
    drip.start();
    try {
      long started = System.nanoTime();
      assertRefused(
          desired(v3, "http://127.0.0.1:" + drip.getAddress().getPort() + "/slow"),
          "DOWNLOAD_FAILED");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

      long next = System.nanoTime();
      assertThat(models.apply(desired(v3, serve(v3)))).isEqualTo(ModelManager.Outcome.SWAPPED);
      assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(3));
      assertThat(version()).isEqualTo(3);
    } finally {
      tap.shutdownNow();
      drip.stop(0);
    }
  }

  @Test
  void aZipBombIsRefusedWithoutFillingTheHeap() throws Exception {
    byte[] bomb = zipBomb(512L * 1024 * 1024);
    assertThat(bomb.length).isLessThan(2 * 1024 * 1024);
    Deployment desired =
        DesiredStateSignature.sign(
            Deployment.newBuilder(TestPackages.unsigned(GATEWAY, v1, serve(v1)))
                .setModelVersion(3)
                .setPackageSha256(Sha256.hex(bomb))
                .setPackageUrl(server.serve("bomb", bomb))
                .build(),
            DEPLOY.getPrivate());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    assertRefused(desired, "TOO_LARGE");

    // Everything this thread allocated while unpacking, garbage included: an upper bound of the
    // heap the bomb could take (the download itself, 0.5 MB, arrives on the HTTP client's threads).
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated)
        .as("bytes allocated while refusing a 512 MiB zip bomb")
        .isLessThan(50L * 1024 * 1024);

    // The next good package is taken at once.
    ModelPackage.Built v3 = TestPackages.build(modelV1, "pump-anomaly", 3, DEPLOY.getPrivate());
    long next = System.nanoTime();
    assertThat(models.apply(desired(v3, serve(v3)))).isEqualTo(ModelManager.Outcome.SWAPPED);
    assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(Duration.ofSeconds(3));
  }

  private ModelManager manager(Duration timeout) {
    ModelManager manager =
        new ModelManager(
            directory,
            DEPLOY.getPublic(),
            "x86-64-standard",
            new DownloadPolicy(List.of("127.0.0.1"), 8L * 1024 * 1024, 16L * 1024 * 1024, timeout));
    manager.restore();
    return manager;
  }

  private void assertRefused(Deployment desired, String reason) {
    String before = models.current().orElseThrow().packageSha256();

    assertThat(models.apply(desired)).isEqualTo(ModelManager.Outcome.REFUSED);
    assertThat(models.lastError()).contains(reason);
    assertThat(models.current().orElseThrow().packageSha256()).isEqualTo(before);
    // The current model still scores.
    try {
      assertThat(models.withCurrent(m -> m.manifest().modelVersion())).isPresent();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private int version() {
    return models.current().orElseThrow().manifest().modelVersion();
  }

  private Deployment desired(ModelPackage.Built built, String url) {
    return TestPackages.desired(GATEWAY, built, url, DEPLOY.getPrivate());
  }

  private String serve(ModelPackage.Built built) {
    return server.serve(built.sha256(), built.bytes());
  }

  /** A zip whose model entry unpacks to {@code size} zero bytes. */
  private static byte[] zipBomb(long size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(ModelPackage.MODEL));
      byte[] zeros = new byte[1024 * 1024];
      for (long written = 0; written < size; written += zeros.length) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
