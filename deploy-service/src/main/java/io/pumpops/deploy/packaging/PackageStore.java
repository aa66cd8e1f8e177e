package io.pumpops.deploy.packaging;

import io.pumpops.modelpackage.ModelPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Built packages on disk, by content hash: what gateways download from {@code GET /packages/{sha}}.
 */
public final class PackageStore {

  private final Path directory;

  public PackageStore(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the package directory " + directory, e);
    }
  }

  public void put(ModelPackage.Built built) {
    Path target = path(built.sha256());
    if (Files.exists(target)) {
      return;
    }
    try {
      Path temp = Files.createTempFile(directory, "upload-", ".tmp");
      Files.write(temp, built.bytes());
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not store package " + built.sha256(), e);
    }
  }

  public Optional<byte[]> get(String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      return Optional.empty();
    }
    try {
      Path file = path(sha256);
      return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read package " + sha256, e);
    }
  }

  private Path path(String sha256) {
    return directory.resolve(sha256 + ".zip");
  }
}
