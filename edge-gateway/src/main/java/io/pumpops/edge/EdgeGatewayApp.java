package io.pumpops.edge;

import java.util.concurrent.CountDownLatch;

/**
 * Runs one gateway configured from {@code PUMPOPS_EDGE_*} environment variables (see {@link
 * GatewayConfig#fromEnvironment}) until the process is stopped.
 */
public final class EdgeGatewayApp {

  private EdgeGatewayApp() {}

  public static void main(String[] args) throws InterruptedException {
    GatewayConfig config;
    try {
      config = GatewayConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("edge-gateway: " + e.getMessage());
      System.exit(2);
      return;
    }
    EdgeGateway gateway = new EdgeGateway(config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
