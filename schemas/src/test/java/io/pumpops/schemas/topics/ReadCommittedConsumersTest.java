package io.pumpops.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ReadCommittedConsumersTest {

  @Test
  void everyConsumerReadsCommittedRecordsAndCommitsNothingOnItsOwn() {
    Map<String, Object> settings =
        ReadCommittedConsumers.settings(
            "localhost:9092", Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10));

    assertThat(settings)
        .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092")
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10);
  }

  @Test
  void aCallerCannotAskToSeeAbortedWrites() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                ReadCommittedConsumers.settings(
                    "localhost:9092",
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted")))
        .withMessageContaining("committed records only");
  }
}
