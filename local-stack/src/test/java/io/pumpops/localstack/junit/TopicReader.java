package io.pumpops.localstack.junit;

import static org.awaitility.Awaitility.await;

import io.pumpops.localstack.StackAddresses;
import io.pumpops.localstack.TopicWatch;
import io.pumpops.schemas.topics.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a catalog topic from the beginning (committed records only) for a test and waits, with
 * Awaitility, until what it has read satisfies a condition; a condition never met fails the test
 * with a {@code ConditionTimeoutException}.
 */
public final class TopicReader<V extends SpecificRecord> implements AutoCloseable {

  private final TopicWatch<V> watch;

  public TopicReader(StackAddresses stack, TopicSpec<V> topic, Predicate<V> filter) {
    this.watch = new TopicWatch<>(stack, topic, filter);
  }

  /** Polls until at least {@code count} matching records were read (or fails after the bound). */
  public List<V> awaitAtLeast(int count, Duration atMost) {
    return awaitUntil(read -> read.size() >= count, atMost);
  }

  /**
   * Polls until the matching records read so far satisfy the condition (or fails after the bound).
   */
  public List<V> awaitUntil(Predicate<List<V>> done, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> done.test(watch.poll()));
    return watch.read();
  }

  @Override
  public void close() {
    watch.close();
  }
}
