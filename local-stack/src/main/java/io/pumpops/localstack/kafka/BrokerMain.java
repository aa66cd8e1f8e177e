package io.pumpops.localstack.kafka;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * Entry point of the broker's child JVM: formats the log directory on first start, exactly as
 * {@code kafka-storage.sh format} would, then runs Kafka's own {@code kafka.Kafka} main.
 *
 * <p>The parent holds this process's standard input open. When the parent dies, even by {@code kill
 * -9}, the pipe closes and the broker stops too, so no orphan broker keeps the port.
 */
public final class BrokerMain {

  private BrokerMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BrokerMain <server.properties>");
      System.exit(2);
    }
    Path propertiesFile = Path.of(args[0]);
    Properties properties = new Properties();
    try (InputStream in = new FileInputStream(propertiesFile.toFile())) {
      properties.load(in);
    }
    Path logDir = Path.of(properties.getProperty("log.dirs"));
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      int exit =
          StorageTool.execute(
              new String[] {
                "format",
                "--cluster-id",
                Uuid.randomUuid().toString(),
                "--config",
                propertiesFile.toString()
              },
              System.out);
      if (exit != 0) {
        System.err.println("Formatting " + logDir + " failed with exit code " + exit);
        System.exit(exit);
      }
    }
    Thread watchdog = new Thread(BrokerMain::exitWhenParentGone, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    kafka.Kafka.main(new String[] {propertiesFile.toString()});
  }

  private static void exitWhenParentGone() {
    try {
      while (System.in.read() != -1) {
        // Nothing is ever sent; we only wait for end of stream.
      }
    } catch (IOException e) {
      // A broken pipe means the same as end of stream: the parent is gone.
    }
    System.err.println("Parent process is gone; stopping the broker.");
    System.exit(0);
  }
}
