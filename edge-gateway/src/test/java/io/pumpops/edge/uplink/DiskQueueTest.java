package io.pumpops.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskQueueTest {

  @TempDir Path dir;

  @Test
  void messagesComeOutInOrderAndAcknowledgedOnesNeverAgainAlsoAfterARestart() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 10_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < 1000; i++) {
        queue.append("t/" + (i % 3), ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      assertThat(drain(queue, 400)).containsExactlyElementsOf(range(0, 400));
    }
    try (DiskQueue reopened = new DiskQueue(dir, 10_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      assertThat(reopened.depth()).isEqualTo(600);
      reopened.append("t/x", "m1000".getBytes(StandardCharsets.UTF_8));
      assertThat(drain(reopened, 601)).containsExactlyElementsOf(range(400, 1001));
      assertThat(reopened.depth()).isZero();
      assertThat(reopened.peek(10, TimeUnit.MILLISECONDS)).isEmpty();
    }
  }

  @Test
  void aSenderReadsAheadOfTheAcknowledgedAndAcknowledgesARangeAtOnce() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 1_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      byte[] payload = new byte[1000];
      for (int i = 0; i < 300; i++) {
        queue.append("t/" + i, payload); // several segments
      }
      // Ten in flight: read ahead without acknowledging, across segment boundaries.
      List<Long> sent = new ArrayList<>();
      long next = -1;
      for (int i = 0; i < 250; i++) {
        DiskQueue.Message m = queue.peekFrom(next, 1, TimeUnit.SECONDS).orElseThrow();
        assertThat(m.topic()).isEqualTo("t/" + m.index());
        sent.add(m.index());
        next = m.index() + 1;
      }
      assertThat(sent).containsExactlyElementsOf(LongStream.range(0, 250).boxed().toList());
      assertThat(queue.depth()).isEqualTo(300);
      queue.ackThrough(199);
      assertThat(queue.depth()).isEqualTo(100);
      queue.ackThrough(150); // behind what is acknowledged: nothing changes
      assertThat(queue.depth()).isEqualTo(100);
      assertThat(queue.peekFrom(-1, 10, TimeUnit.MILLISECONDS).orElseThrow().index())
          .isEqualTo(200);
      assertThat(queue.peekFrom(300, 10, TimeUnit.MILLISECONDS))
          .as("nothing appended yet")
          .isEmpty();
    }
    try (DiskQueue reopened = new DiskQueue(dir, 1_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      assertThat(reopened.depth())
          .as("the range acknowledgement survives a restart")
          .isEqualTo(100);
      assertThat(reopened.peek(10, TimeUnit.MILLISECONDS).orElseThrow().index()).isEqualTo(200);
    }
  }

  @Test
  void manySegmentsRollAndAcknowledgedSegmentsAreDeleted() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 1_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      byte[] payload = new byte[1000];
      for (int i = 0; i < 600; i++) {
        queue.append("t", payload);
      }
      assertThat(segments()).isGreaterThan(3);
      while (queue.depth() > 0) {
        DiskQueue.Message m = queue.peek(1, TimeUnit.SECONDS).orElseThrow();
        queue.ack(m.index());
      }
      assertThat(segments()).isEqualTo(1);
      assertThat(queue.dropped()).isZero();
    }
  }

  @Test
  void aFullBufferDropsTheOldestSegmentAndCountsWhatItDropped() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 200_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      byte[] payload = new byte[1000];
      for (int i = 0; i < 400; i++) {
        queue.append("t", ("m" + i + "|").getBytes(StandardCharsets.UTF_8));
        queue.append("t", payload);
      }
      assertThat(queue.dropped()).isPositive();
      assertThat(queue.depth() + queue.dropped()).isEqualTo(800);
      assertThat(queue.bytes()).isLessThanOrEqualTo(200_000);
      String newest = null;
      while (queue.depth() > 0) {
        DiskQueue.Message m = queue.peek(1, TimeUnit.SECONDS).orElseThrow();
        String text = new String(m.payload(), StandardCharsets.UTF_8);
        if (text.startsWith("m")) {
          newest = text;
        }
        queue.ack(m.index());
      }
      assertThat(newest).isEqualTo("m399|");
    }
    try (DiskQueue reopened = new DiskQueue(dir, 200_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      assertThat(reopened.dropped()).as("the count survives a restart").isPositive();
    }
  }

  @Test
  void dropNewestRefusesNewMessagesAndKeepsTheOldOnes() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 100_000, DiskQueue.FullPolicy.DROP_NEWEST)) {
      int accepted = 0;
      for (int i = 0; i < 200; i++) {
        if (queue.append("t", ("m" + i).getBytes(StandardCharsets.UTF_8))) {
          accepted++;
        }
        queue.append("t", new byte[1000]);
      }
      assertThat(queue.dropped()).isPositive();
      DiskQueue.Message first = queue.peek(1, TimeUnit.SECONDS).orElseThrow();
      assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("m0");
      assertThat(accepted).isLessThan(200);
    }
  }

  @Test
  void aTornRecordAtTheEndIsCutOffAndEverythingBeforeItKept() throws Exception {
    try (DiskQueue queue = new DiskQueue(dir, 10_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      for (int i = 0; i < 10; i++) {
        queue.append("t", ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment =
          files
              .filter(p -> p.getFileName().toString().startsWith("segment-"))
              .findFirst()
              .orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    try (DiskQueue reopened = new DiskQueue(dir, 10_000_000, DiskQueue.FullPolicy.DROP_OLDEST)) {
      assertThat(drain(reopened, 9)).containsExactlyElementsOf(range(0, 9));
      assertThat(reopened.depth()).isZero();
    }
  }

  private static List<String> drain(DiskQueue queue, int count) throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      DiskQueue.Message m = queue.peek(1, TimeUnit.SECONDS).orElseThrow();
      out.add(new String(m.payload(), StandardCharsets.UTF_8));
      queue.ack(m.index());
    }
    return out;
  }

  private static List<String> range(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add("m" + i);
    }
    return out;
  }

  private long segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).count();
    }
  }
}
