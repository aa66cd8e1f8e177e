package io.pumpops.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.junit.LocalStackExtension;
import io.pumpops.schemas.SampleRecords;
import io.pumpops.schemas.avro.PumpReading;
import io.pumpops.schemas.registry.SchemaRegistryClient;
import io.pumpops.schemas.serde.AvroSerdes;
import io.pumpops.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stack works end to end: registry-backed Avro through Kafka, and MQTT at QoS 1. */
@ExtendWith(LocalStackExtension.class)
class LocalStackSmokeIT {

  private final StackAddresses stack;

  LocalStackSmokeIT(StackAddresses stack) {
    this.stack = stack;
  }

  @Test
  void avroPumpReadingGoesThroughKafkaWithItsSchemaInTheRegistry() {
    SchemaRegistryClient registry = SchemaRegistryClient.of(stack.schemaRegistryUrl());
    int schemaId =
        registry.register(Topics.PUMP_TELEMETRY.valueSubject(), PumpReading.getClassSchema());
    String pumpId = "smoke-" + UUID.randomUUID();
    PumpReading reading = SampleRecords.pumpReading(pumpId, 1);

    RecordMetadata written;
    try (Serde<PumpReading> serde = AvroSerdes.valueSerde(Topics.PUMP_TELEMETRY, registry);
        KafkaProducer<String, PumpReading> producer =
            new KafkaProducer<>(
                Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all"),
                AvroSerdes.keySerde().serializer(),
                serde.serializer())) {
      written =
          producer.send(new ProducerRecord<>(Topics.PUMP_TELEMETRY.name(), pumpId, reading)).get();
    } catch (Exception e) {
      throw new AssertionError("producing to " + Topics.PUMP_TELEMETRY.name() + " failed", e);
    }

    ConsumerRecord<String, byte[]> raw =
        readOne(new TopicPartition(written.topic(), written.partition()), written.offset());
    assertThat(raw.key()).isEqualTo(pumpId);
    assertThat(raw.value()[0]).as("magic byte").isZero();
    assertThat(java.nio.ByteBuffer.wrap(raw.value(), 1, 4).getInt())
        .as("schema id")
        .isEqualTo(schemaId);
    try (Serde<PumpReading> serde =
        AvroSerdes.valueSerde(
            Topics.PUMP_TELEMETRY, SchemaRegistryClient.of(stack.schemaRegistryUrl()))) {
      assertThat(serde.deserializer().deserialize(raw.topic(), raw.value())).isEqualTo(reading);
    }
  }

  private ConsumerRecord<String, byte[]> readOne(TopicPartition partition, long offset) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            AvroSerdes.keySerde().deserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
      return records.get(0);
    }
  }

  @Test
  void mqttQos1MessageRoundTripsWithPasswordAuthentication() throws Exception {
    String topic = "pumps/site-smoke/pump-" + UUID.randomUUID() + "/telemetry";
    List<String> received = new CopyOnWriteArrayList<>();
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    stack
        .mqttCredentials()
        .ifPresent(
            c -> {
              options.setUserName(c.username());
              options.setPassword(c.password().toCharArray());
            });
    MqttClient subscriber =
        new MqttClient(stack.mqttUrl(), "smoke-sub-" + UUID.randomUUID(), new MemoryPersistence());
    MqttClient publisher =
        new MqttClient(stack.mqttUrl(), "smoke-pub-" + UUID.randomUUID(), new MemoryPersistence());
    try {
      subscriber.connect(options);
      subscriber.subscribe(
          topic,
          1,
          (t, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
      publisher.connect(options);
      MqttMessage message = new MqttMessage("{\"seq\":1}".getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      publisher.publish(topic, message);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
      assertThat(received).containsExactly("{\"seq\":1}");
    } finally {
      publisher.disconnect();
      publisher.close();
      subscriber.disconnect();
      subscriber.close();
    }
  }
}
