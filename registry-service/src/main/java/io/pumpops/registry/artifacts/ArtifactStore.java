package io.pumpops.registry.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed blobs: an artifact's address is the lower-case hex SHA-256 of its bytes, so a
 * stored artifact can never change under its name. A directory by default; an object store fits the
 * same interface.
 */
public interface ArtifactStore {

  Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /**
   * Stores bytes under their declared hash after checking that they have it.
   *
   * @return true if stored now, false if the store already had it
   * @throws HashMismatchException if the bytes' SHA-256 is not {@code sha256}
   */
  boolean put(String sha256, InputStream bytes) throws IOException;

  /** The artifact's bytes, if stored. */
  Optional<InputStream> open(String sha256) throws IOException;

  boolean contains(String sha256);

  /** Size in bytes, or -1 when not stored. */
  long size(String sha256) throws IOException;

  static void requireSha256(String sha256) {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "'" + sha256 + "' is not a lower-case hex SHA-256 (64 characters 0-9a-f)");
    }
  }
}
