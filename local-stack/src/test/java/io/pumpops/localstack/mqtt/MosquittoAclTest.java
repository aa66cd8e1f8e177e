package io.pumpops.localstack.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose's Mosquitto gets its ACL from {@code docker/mosquitto/make-acl.sh}; the embedded
 * broker from {@link MqttAccessPolicy}. Both must give each identity the same topics, so the script
 * is run here and its output compared with the policy.
 */
class MosquittoAclTest {

  private static final Path SCRIPT =
      Path.of("..", "docker", "mosquitto", "make-acl.sh").toAbsolutePath().normalize();

  @Test
  void theMosquittoAclGivesEveryIdentityExactlyThePolicysTopics() throws Exception {
    List<String> identities =
        List.of(
            MqttAccessPolicy.sensor("site-a"),
            MqttAccessPolicy.gateway("gw-1", "site-a"),
            MqttAccessPolicy.INGEST,
            MqttAccessPolicy.DEPLOY,
            "sensor:a:b",
            "someone");

    Map<String, List<String>> acl = parse(run(identities));

    for (String identity : identities) {
      List<String> expected =
          MqttAccessPolicy.permissions(identity).orElse(List.of()).stream()
              .map(p -> mosquittoAccess(p.activity()) + " " + p.topicFilter())
              .sorted()
              .toList();
      assertThat(acl.getOrDefault(identity, List.of()).stream().sorted().toList())
          .as(identity)
          .isEqualTo(expected);
    }
  }

  private static String mosquittoAccess(MqttAccessPolicy.Activity activity) {
    return switch (activity) {
      case PUBLISH -> "write";
      case SUBSCRIBE -> "read";
      case ALL -> "readwrite";
    };
  }

  private static String run(List<String> identities) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
    command.addAll(identities);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  /** user blocks: identity to its "access topic" lines. */
  private static Map<String, List<String>> parse(String acl) {
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    String user = null;
    for (String line : acl.split("\n")) {
      if (line.startsWith("user ")) {
        user = line.substring(5);
        blocks.put(user, new ArrayList<>());
      } else if (line.startsWith("topic ") && user != null) {
        blocks.get(user).add(line.substring(6));
      }
    }
    return blocks;
  }
}
