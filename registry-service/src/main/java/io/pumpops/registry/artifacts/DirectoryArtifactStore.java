package io.pumpops.registry.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Artifacts as files {@code <root>/ab/abcdef…} (the first two hex digits fan the directory out). An
 * upload goes to a temporary file, is hashed on the way, and is moved into place only when the hash
 * matches, so a reader never sees a partial or wrong artifact.
 */
public final class DirectoryArtifactStore implements ArtifactStore {

  private final Path root;

  public DirectoryArtifactStore(Path root) throws IOException {
    this.root = Files.createDirectories(root);
  }

  @Override
  public boolean put(String sha256, InputStream bytes) throws IOException {
    ArtifactStore.requireSha256(sha256);
    Path target = pathOf(sha256);
    Files.createDirectories(target.getParent());
    Path temporary = Files.createTempFile(target.getParent(), sha256, ".upload");
    try {
      MessageDigest digest = sha256Digest();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
        size = bytes.transferTo(out);
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(sha256)) {
        throw new HashMismatchException(sha256, actual, size);
      }
      if (Files.exists(target)) {
        return false;
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  @Override
  public Optional<InputStream> open(String sha256) throws IOException {
    ArtifactStore.requireSha256(sha256);
    Path path = pathOf(sha256);
    return Files.exists(path) ? Optional.of(Files.newInputStream(path)) : Optional.empty();
  }

  @Override
  public boolean contains(String sha256) {
    ArtifactStore.requireSha256(sha256);
    return Files.exists(pathOf(sha256));
  }

  @Override
  public long size(String sha256) throws IOException {
    ArtifactStore.requireSha256(sha256);
    Path path = pathOf(sha256);
    return Files.exists(path) ? Files.size(path) : -1;
  }

  private Path pathOf(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
