package io.pumpops.edge.model;

import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.modelpackage.ModelPackage;
import io.pumpops.schemas.modelpackage.PackageRejectedException;
import io.pumpops.schemas.modelpackage.PackageRejectedException.Reason;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's models: the current one (scoring), the previous one (kept loaded for an instant
 * rollback), both on disk so a restart while offline comes back scoring with the last good model.
 *
 * <p>A new model is swapped in only after every check passed: download, package hash, signature
 * against the pinned key, file hashes, compatibility, loading and the smoke check. Anything that
 * fails is refused, reported ({@link #lastError}, {@link #failedPackageSha256}), and the current
 * model keeps scoring. Packages are re-verified when read back from disk, so a file changed on
 * the box is caught too.
 */
public final class ModelManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelManager.class);
  private static final long MAX_PACKAGE_BYTES = 256L * 1024 * 1024;

  private final Path directory;
  private final PublicKey pinnedKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private LoadedModel current;
  private LoadedModel previous;
  private String lastError;
  private String failedPackageSha256;

  /** What became of a desired model. */
  public enum Outcome { ALREADY_RUNNING, SWAPPED, ROLLED_BACK, REFUSED }

  public ModelManager(Path directory, PublicKey pinnedKey) {
    this.directory = directory;
    this.pinnedKey = pinnedKey;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the model directory " + directory, e);
    }
  }

  /** Loads the models recorded on disk; a package that no longer verifies is dropped with a warning. */
  public synchronized void restore() {
    Properties state = readState();
    current = restoreOne(state.getProperty("current"));
    previous = restoreOne(state.getProperty("previous"));
    if (current == null && previous != null) {
      log.warn("The current model could not be restored; falling back to the previous one");
      current = previous;
      previous = null;
    }
    if (current != null) {
      log.info("Restored model {} v{} ({}) from disk", current.manifest().modelName(),
          current.manifest().modelVersion(), shortSha(current.packageSha256()));
    }
  }

  /** Makes the desired model current, or refuses it and keeps the current one. */
  public Outcome apply(Deployment desired) {
    String sha = desired.getPackageSha256().toLowerCase();
    synchronized (this) {
      if (current != null && current.packageSha256().equals(sha)) {
        return Outcome.ALREADY_RUNNING;
      }
      if (previous != null && previous.packageSha256().equals(sha)) {
        LoadedModel swapped = current;
        current = previous;
        previous = swapped;
        writeState();
        lastError = null;
        log.info("Rolled back to model {} v{} (kept loaded)", current.manifest().modelName(),
            current.manifest().modelVersion());
        return Outcome.ROLLED_BACK;
      }
    }
    LoadedModel loaded;
    try {
      byte[] bytes = download(desired);
      ModelPackage.Verified verified = ModelPackage.verify(bytes, sha, pinnedKey);
      if (!verified.signature().equals(desired.getSignature())) {
        throw new PackageRejectedException(Reason.BAD_SIGNATURE, "the package's signature is not the one deploy-service"
            + " announced");
      }
      if (!verified.manifest().modelName().equals(desired.getModelName())
          || verified.manifest().modelVersion() != desired.getModelVersion()) {
        throw new PackageRejectedException(Reason.INCOMPATIBLE, "the package holds " + verified.manifest().modelName()
            + " v" + verified.manifest().modelVersion() + ", not the announced " + desired.getModelName() + " v"
            + desired.getModelVersion());
      }
      loaded = LoadedModel.load(verified);
      Files.write(packagePath(sha), bytes);
    } catch (PackageRejectedException e) {
      return refuse(sha, desired, e.getMessage());
    } catch (IOException e) {
      return refuse(sha, desired, Reason.DOWNLOAD_FAILED + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return refuse(sha, desired, Reason.DOWNLOAD_FAILED + ": interrupted");
    }
    synchronized (this) {
      if (previous != null) {
        previous.close();
      }
      previous = current;
      current = loaded;
      writeState();
      lastError = null;
      failedPackageSha256 = null;
    }
    log.info("Now scoring with model {} v{} ({}, target {})", loaded.manifest().modelName(),
        loaded.manifest().modelVersion(), shortSha(sha), loaded.manifest().target());
    return Outcome.SWAPPED;
  }

  /** Runs {@code work} with the current model, holding it so a swap cannot close it mid-run. */
  public synchronized <T> Optional<T> withCurrent(ModelWork<T> work) throws Exception {
    return current == null ? Optional.empty() : Optional.ofNullable(work.run(current));
  }

  /** Work done with the current model. */
  @FunctionalInterface
  public interface ModelWork<T> {
    T run(LoadedModel model) throws Exception;
  }

  public synchronized Optional<LoadedModel> current() {
    return Optional.ofNullable(current);
  }

  public synchronized Optional<LoadedModel> previous() {
    return Optional.ofNullable(previous);
  }

  public synchronized String lastError() {
    return lastError;
  }

  public synchronized String failedPackageSha256() {
    return failedPackageSha256;
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
    }
    if (previous != null) {
      previous.close();
    }
  }

  private synchronized Outcome refuse(String sha, Deployment desired, String reason) {
    lastError = "refused " + desired.getModelName() + " v" + desired.getModelVersion() + " (" + shortSha(sha) + "): "
        + reason;
    failedPackageSha256 = sha;
    log.warn("{}; still scoring with {}", lastError,
        current == null ? "no model" : current.manifest().modelName() + " v" + current.manifest().modelVersion());
    return Outcome.REFUSED;
  }

  private byte[] download(Deployment desired) throws IOException, InterruptedException, PackageRejectedException {
    URI uri;
    try {
      uri = URI.create(desired.getPackageUrl());
    } catch (IllegalArgumentException e) {
      throw new PackageRejectedException(Reason.DOWNLOAD_FAILED, "bad package URL " + desired.getPackageUrl());
    }
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new PackageRejectedException(Reason.DOWNLOAD_FAILED, "GET " + uri + " answered " + response.statusCode());
    }
    if (response.body().length > MAX_PACKAGE_BYTES) {
      throw new PackageRejectedException(Reason.DOWNLOAD_FAILED, "package larger than " + MAX_PACKAGE_BYTES + " bytes");
    }
    return response.body();
  }

  private LoadedModel restoreOne(String sha) {
    if (sha == null || sha.isEmpty()) {
      return null;
    }
    try {
      return LoadedModel.load(ModelPackage.verify(Files.readAllBytes(packagePath(sha)), sha, pinnedKey));
    } catch (IOException | PackageRejectedException e) {
      log.warn("Model package {} on disk cannot be used: {}", shortSha(sha), e.getMessage());
      return null;
    }
  }

  private Properties readState() {
    Properties state = new Properties();
    Path file = directory.resolve("models.properties");
    if (Files.exists(file)) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        state.load(reader);
      } catch (IOException e) {
        log.warn("Could not read {}: {}", file, e.toString());
      }
    }
    return state;
  }

  private void writeState() {
    Properties state = new Properties();
    state.setProperty("current", current == null ? "" : current.packageSha256());
    state.setProperty("previous", previous == null ? "" : previous.packageSha256());
    Path file = directory.resolve("models.properties");
    Path temp = directory.resolve("models.properties.tmp");
    try {
      try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        state.store(writer, "current and previous model packages, by SHA-256");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      cleanUp();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not record the current model in " + file, e);
    }
  }

  /** Keeps the current and previous packages on disk, nothing older. */
  private void cleanUp() throws IOException {
    try (var files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".zip")).toList()) {
        String name = file.getFileName().toString().replace(".zip", "");
        boolean keep = (current != null && current.packageSha256().equals(name))
            || (previous != null && previous.packageSha256().equals(name));
        if (!keep) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private Path packagePath(String sha) {
    return directory.resolve(sha + ".zip");
  }

  private static String shortSha(String sha) {
    return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
  }
}
