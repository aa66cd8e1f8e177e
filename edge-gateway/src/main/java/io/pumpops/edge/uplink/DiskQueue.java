package io.pumpops.edge.uplink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-and-forward buffer: an append-only log of MQTT messages on disk, read in order and
 * acknowledged one by one. Everything the gateway sends upstream goes through it, online or not, so
 * there is one path and a restart loses nothing that was appended.
 *
 * <p>Layout: segment files {@code segment-<first index>.log} of records {@code
 * [length][crc32][topic length][topic][payload]}, and a {@code position} file with the index of the
 * first unacknowledged record. A torn record at the end of the last segment (the process died
 * mid-write) is cut off on open. Fully acknowledged segments are deleted.
 *
 * <p>Bounded by {@code maxBytes}. When an append would exceed it, the {@link FullPolicy} decides:
 * drop the oldest segment (the default: recent data matters most for an operator) or refuse the new
 * message. Either way the count of dropped messages is kept, logged and reported.
 *
 * <p>Durable: with {@link Durability#SYNC} (the default) an append returns only once the record is
 * on the disk ({@code fsync}), and the site broker is acknowledged only after the append, so a
 * power cut loses no acknowledged reading. {@code pumpops bench buffer} measures what that costs.
 */
public final class DiskQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
  private static final int HEADER = 8;

  /** What to do when the buffer is full. */
  public enum FullPolicy {
    DROP_OLDEST,
    DROP_NEWEST
  }

  /**
   * Whether an append waits for the disk: SYNC survives a power cut, PAGE_CACHE only a process
   * crash.
   */
  public enum Durability {
    SYNC,
    PAGE_CACHE
  }

  /** One buffered MQTT message. */
  public record Message(long index, String topic, byte[] payload) {}

  private final Path directory;
  private final long maxBytes;
  private final long segmentBytes;
  private final FullPolicy policy;
  private final Durability durability;
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final FileChannel positionFile;
  private long nextIndex;
  private long ackedIndex;
  private long dropped;

  /** Byte offset of the first unacknowledged record in the oldest segment. */
  private long readOffset;

  private static final class Segment {
    final long firstIndex;
    final Path path;
    final List<Long> offsets = new ArrayList<>();
    long size;
    FileChannel channel;

    Segment(long firstIndex, Path path) {
      this.firstIndex = firstIndex;
      this.path = path;
    }

    long endIndex() {
      return firstIndex + offsets.size();
    }
  }

  public DiskQueue(Path directory, long maxBytes, FullPolicy policy) {
    this(directory, maxBytes, policy, Durability.SYNC);
  }

  public DiskQueue(Path directory, long maxBytes, FullPolicy policy, Durability durability) {
    this.durability = durability;
    this.directory = directory;
    this.maxBytes = maxBytes;
    this.segmentBytes = Math.max(64 * 1024, maxBytes / 8);
    this.policy = policy;
    try {
      Files.createDirectories(directory);
      this.positionFile =
          FileChannel.open(
              directory.resolve("position"),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      load();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not open the store-and-forward buffer in " + directory, e);
    }
  }

  /** Appends a message; returns false when the full-buffer policy refused it. */
  public synchronized boolean append(String topic, byte[] payload) {
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    int bodyLength = 4 + topicBytes.length + payload.length;
    long recordBytes = HEADER + bodyLength;
    while (bytesOnDisk() + recordBytes > maxBytes) {
      if (policy == FullPolicy.DROP_NEWEST || segments.size() < 2) {
        countDropped(1, "the new message (" + topic + ")");
        return false;
      }
      dropOldestSegment();
    }
    try {
      Segment tail = segments.peekLast();
      if (tail == null || tail.size + recordBytes > segmentBytes && !tail.offsets.isEmpty()) {
        tail = openSegment(nextIndex);
      }
      ByteBuffer body =
          ByteBuffer.allocate(bodyLength).putInt(topicBytes.length).put(topicBytes).put(payload);
      CRC32 crc = new CRC32();
      crc.update(body.array());
      ByteBuffer record =
          ByteBuffer.allocate((int) recordBytes)
              .putInt(bodyLength)
              .putInt((int) crc.getValue())
              .put(body.array())
              .flip();
      long offset = tail.size;
      while (record.hasRemaining()) {
        tail.channel.write(record, offset + record.position());
      }
      if (durability == Durability.SYNC) {
        tail.channel.force(false);
      }
      tail.offsets.add(offset);
      tail.size += recordBytes;
      nextIndex++;
      notifyAll();
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not append to the store-and-forward buffer in " + directory, e);
    }
  }

  /** The oldest unacknowledged message, waiting up to {@code timeout} for one. */
  public synchronized Optional<Message> peek(long timeout, TimeUnit unit)
      throws InterruptedException {
    return peekFrom(ackedIndex, timeout, unit);
  }

  /**
   * The first unacknowledged message at or after index {@code from}, waiting up to {@code timeout}
   * for one: how a sender keeps several messages in flight while the first is not yet acknowledged.
   * An index behind the acknowledged ones (dropped while in flight) reads from the first
   * unacknowledged.
   */
  public synchronized Optional<Message> peekFrom(long from, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (Math.max(from, ackedIndex) >= nextIndex) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    trimAndLocate();
    return Optional.of(read(Math.max(from, ackedIndex)));
  }

  private Message read(long index) {
    for (Segment segment : segments) {
      if (index < segment.firstIndex || index >= segment.endIndex()) {
        continue;
      }
      try {
        long offset = segment.offsets.get((int) (index - segment.firstIndex));
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(segment.channel, header, offset);
        int bodyLength = header.getInt(0);
        ByteBuffer body = ByteBuffer.allocate(bodyLength);
        readFully(segment.channel, body, offset + HEADER);
        int topicLength = body.getInt(0);
        String topic = new String(body.array(), 4, topicLength, StandardCharsets.UTF_8);
        byte[] payload = new byte[bodyLength - 4 - topicLength];
        System.arraycopy(body.array(), 4 + topicLength, payload, 0, payload.length);
        return new Message(index, topic, payload);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not read the store-and-forward buffer in " + directory, e);
      }
    }
    throw new IllegalStateException(
        "message " + index + " is not in the buffer (" + ackedIndex + ".." + nextIndex + ")");
  }

  /**
   * Marks the message at {@code index} as delivered; it will not be read again, also after a
   * restart.
   */
  public synchronized void ack(long index) {
    if (index != ackedIndex) {
      // The message was dropped by the full-buffer policy while it was being sent.
      return;
    }
    ackThrough(index);
  }

  /**
   * Marks every message up to and including {@code index} as delivered, with one write of the
   * position; messages already acknowledged or dropped are passed over.
   */
  public synchronized void ackThrough(long index) {
    if (index < ackedIndex) {
      return;
    }
    ackedIndex = Math.min(index + 1, nextIndex);
    trimAndLocate();
    writePosition();
  }

  /** Messages waiting to be sent. */
  public synchronized long depth() {
    return nextIndex - ackedIndex;
  }

  /** Bytes of the messages waiting to be sent. */
  public synchronized long bytes() {
    return bytesOnDisk() - readOffset;
  }

  /** The most bytes the buffer holds before its full-buffer policy applies. */
  public long capacityBytes() {
    return maxBytes;
  }

  /** Messages dropped under the full-buffer policy since this buffer was created. */
  public synchronized long dropped() {
    return dropped;
  }

  @Override
  public synchronized void close() {
    try {
      for (Segment segment : segments) {
        segment.channel.close();
      }
      positionFile.close();
    } catch (IOException e) {
      log.warn("Could not close the store-and-forward buffer cleanly: {}", e.toString());
    }
  }

  private long bytesOnDisk() {
    long total = 0;
    for (Segment segment : segments) {
      total += segment.size;
    }
    return total;
  }

  private void dropOldestSegment() {
    Segment oldest = segments.pollFirst();
    long lost = oldest.endIndex() - Math.max(ackedIndex, oldest.firstIndex);
    ackedIndex = Math.max(ackedIndex, oldest.endIndex());
    deleteSegment(oldest);
    trimAndLocate();
    countDropped(lost, "the oldest " + lost + " buffered messages");
    writePosition();
  }

  /** Deletes fully acknowledged segments but the last, and finds where reading resumes. */
  private void trimAndLocate() {
    while (segments.size() > 1 && ackedIndex >= segments.peekFirst().endIndex()) {
      deleteSegment(segments.pollFirst());
    }
    Segment head = segments.peekFirst();
    if (head == null) {
      readOffset = 0;
      return;
    }
    ackedIndex = Math.max(ackedIndex, head.firstIndex);
    readOffset =
        ackedIndex < head.endIndex()
            ? head.offsets.get((int) (ackedIndex - head.firstIndex))
            : head.size;
  }

  private void countDropped(long count, String what) {
    long before = dropped;
    dropped += count;
    if (before / 1000 == dropped / 1000 && before != 0) {
      return; // one warning per thousand dropped messages, not one per message
    }
    log.warn(
        "Store-and-forward buffer full ({} bytes, policy {}): dropped {}; {} dropped in total",
        maxBytes,
        policy,
        what,
        dropped);
  }

  private Segment openSegment(long firstIndex) throws IOException {
    Segment segment =
        new Segment(firstIndex, directory.resolve(String.format("segment-%020d.log", firstIndex)));
    segment.channel =
        FileChannel.open(
            segment.path,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE);
    if (durability == Durability.SYNC) {
      syncDirectory();
    }
    segments.addLast(segment);
    return segment;
  }

  /** A new file's name must reach the disk too, or a power cut loses the file with its records. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; their file systems journal the name.
      log.debug("could not sync the directory {}: {}", directory, e.toString());
    }
  }

  private void deleteSegment(Segment segment) {
    try {
      segment.channel.close();
      Files.deleteIfExists(segment.path);
    } catch (IOException e) {
      log.warn("Could not delete buffer segment {}: {}", segment.path, e.toString());
    }
  }

  private void writePosition() {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(16).putLong(ackedIndex).putLong(dropped).flip();
      positionFile.write(buffer, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not record the buffer position in " + directory, e);
    }
  }

  private void load() throws IOException {
    ByteBuffer position = ByteBuffer.allocate(16);
    if (positionFile.read(position, 0) == 16) {
      ackedIndex = position.getLong(0);
      dropped = position.getLong(8);
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
    }
    for (Path file : files) {
      long first =
          Long.parseLong(file.getFileName().toString().replace("segment-", "").replace(".log", ""));
      Segment segment = new Segment(first, file);
      segment.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      scan(segment);
      segments.addLast(segment);
    }
    nextIndex = segments.isEmpty() ? ackedIndex : segments.peekLast().endIndex();
    ackedIndex = Math.min(ackedIndex, nextIndex);
    trimAndLocate();
    if (depth() > 0) {
      log.info(
          "Store-and-forward buffer holds {} messages ({} bytes) from before the restart",
          depth(),
          bytes());
    }
  }

  private static void scan(Segment segment) throws IOException {
    long size = segment.channel.size();
    long offset = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (offset + HEADER <= size) {
      header.clear();
      readFully(segment.channel, header, offset);
      int length = header.getInt(0);
      if (length < 4 || offset + HEADER + length > size) {
        break;
      }
      ByteBuffer body = ByteBuffer.allocate(length);
      readFully(segment.channel, body, offset + HEADER);
      CRC32 crc = new CRC32();
      crc.update(body.array());
      if ((int) crc.getValue() != header.getInt(4)) {
        break;
      }
      segment.offsets.add(offset);
      offset += HEADER + length;
    }
    if (offset < size) {
      log.warn(
          "Buffer segment {} ends with a torn record ({} bytes); cut off",
          segment.path,
          size - offset);
      segment.channel.truncate(offset);
    }
    segment.size = offset;
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of " + channel);
      }
    }
  }
}
