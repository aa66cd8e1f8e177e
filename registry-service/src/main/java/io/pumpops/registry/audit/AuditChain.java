package io.pumpops.registry.audit;

import io.pumpops.schemas.avro.RegistryEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The hash chain of the registry's audit trail. Each entry's hash is SHA-256 over the previous
 * entry's hash and the entry's canonical content, so changing, removing or reordering any entry
 * breaks every link after it.
 *
 * <p>The canonical content is a JSON text with keys sorted and null values, empty maps and {@code
 * entryHash} left out. Leaving out nulls and empties (rather than hashing Avro bytes) keeps old
 * entries verifiable after the schema gains an optional field under BACKWARD evolution.
 */
public final class AuditChain {

  /** The previousHash of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  /**
   * Verification outcome; when {@code intact} is false, {@code brokenAt} names the first bad link.
   */
  public record Verification(boolean intact, long entries, String headHash, BrokenLink brokenAt) {}

  /**
   * The first link that does not hold.
   *
   * @param position index of the entry in the log (0-based), which is where to look
   * @param sequence the sequence number the entry claims
   * @param reason what does not match
   */
  public record BrokenLink(long position, long sequence, String eventId, String reason) {}

  private AuditChain() {}

  /** The hash an entry must carry, given the hash of the entry before it. */
  public static String hashOf(RegistryEntry entry, String previousHash) {
    MessageDigest digest = sha256();
    digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    digest.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Checks that an entry extends a chain whose head is ({@code headSequence}, {@code headHash}):
   * the next sequence number, the head's hash as previousHash, and its own hash recomputed.
   *
   * @return null when it does, otherwise the reason
   */
  public static String checkLink(RegistryEntry entry, long headSequence, String headHash) {
    if (entry.getSequence() != headSequence + 1) {
      return "sequence " + entry.getSequence() + " follows " + headSequence;
    }
    if (!entry.getPreviousHash().equals(headHash)) {
      return "previousHash "
          + entry.getPreviousHash()
          + " is not the hash of entry "
          + headSequence
          + " ("
          + headHash
          + ")";
    }
    String recomputed = hashOf(entry, entry.getPreviousHash());
    if (!recomputed.equals(entry.getEntryHash())) {
      return "content does not match entryHash "
          + entry.getEntryHash()
          + " (recomputed "
          + recomputed
          + ")";
    }
    return null;
  }

  /** Walks the whole log in order and reports the first link that does not hold. */
  public static Verification verify(List<RegistryEntry> log) {
    long sequence = -1;
    String head = GENESIS;
    for (int position = 0; position < log.size(); position++) {
      RegistryEntry entry = log.get(position);
      String problem = checkLink(entry, sequence, head);
      if (problem != null) {
        return new Verification(
            false,
            log.size(),
            head,
            new BrokenLink(position, entry.getSequence(), entry.getEventId(), problem));
      }
      sequence = entry.getSequence();
      head = entry.getEntryHash();
    }
    return new Verification(true, log.size(), head, null);
  }

  /** The canonical JSON text of an entry, the input of its hash. */
  static String canonical(RegistryEntry entry) {
    StringBuilder out = new StringBuilder();
    writeRecord(entry, out, true);
    return out.toString();
  }

  private static void writeRecord(GenericRecord record, StringBuilder out, boolean top) {
    Map<String, Object> fields = new TreeMap<>();
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (top && field.name().equals("entryHash")) {
        continue;
      }
      if (value == null || (value instanceof Map<?, ?> map && map.isEmpty())) {
        continue;
      }
      fields.put(field.name(), value);
    }
    writeMap(fields, out);
  }

  private static void writeMap(Map<?, ?> map, StringBuilder out) {
    Map<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(k.toString(), v));
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(field.getKey(), out);
      out.append(':');
      writeValue(field.getValue(), out);
    }
    out.append('}');
  }

  private static void writeValue(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof GenericRecord record) {
      writeRecord(record, out, false);
    } else if (value instanceof Map<?, ?> map) {
      writeMap(map, out);
    } else if (value instanceof Collection<?> items) {
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeValue(item, out);
      }
      out.append(']');
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof java.time.Instant instant) {
      out.append(instant.toEpochMilli());
    } else {
      writeString(value.toString(), out);
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
