package io.pumpops.edge.model;

import io.pumpops.modelpackage.DesiredStateSignature;
import io.pumpops.modelpackage.ModelPackage;
import io.pumpops.modelpackage.PackageRejectedException;
import io.pumpops.modelpackage.PackageRejectedException.Reason;
import io.pumpops.schemas.avro.Deployment;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's models: the current one (scoring), the previous one (kept loaded for an instant
 * rollback), both on disk so a restart while offline comes back scoring with the last good model.
 *
 * <p>A desired state is acted on only if deploy-service signed it ({@link DesiredStateSignature})
 * and it was issued no earlier than the last one acted on, so a forged or replayed message is
 * refused. A new model is swapped in only after every check passed: not older than the current one
 * unless the desired state is a signed rollback, built for this gateway's hardware class, fetched
 * over http(s) from an allowed host within the size and time bounds ({@link DownloadPolicy}),
 * package hash (checked before anything is unpacked), signature against the pinned key, file
 * hashes, compatibility, loading and the smoke check. Anything that fails is refused, reported
 * ({@link #lastError}, {@link #failedPackageSha256}), and the current model keeps scoring. Packages
 * are re-verified when read back from disk, so a file changed on the box is caught too.
 */
public final class ModelManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelManager.class);

  private final Path directory;
  private final PublicKey pinnedKey;
  private final String hardwareClass;
  private final DownloadPolicy downloads;
  // Redirects are not followed: a redirect could lead anywhere, past the allowed hosts.
  private final BoundedDownload download;
  private Instant lastDesiredIssuedAt = Instant.EPOCH;
  private LoadedModel current;
  private LoadedModel previous;
  private String lastError;
  private String failedPackageSha256;

  /** What became of a desired model. */
  public enum Outcome {
    ALREADY_RUNNING,
    SWAPPED,
    ROLLED_BACK,
    REFUSED
  }

  /**
   * @param pinnedKey deploy-service's public key: the only signer of packages and desired states
   * @param hardwareClass this gateway's; a package built for another is refused
   */
  public ModelManager(
      Path directory, PublicKey pinnedKey, String hardwareClass, DownloadPolicy downloads) {
    this.directory = directory;
    this.pinnedKey = pinnedKey;
    this.hardwareClass = hardwareClass;
    this.downloads = downloads;
    this.download =
        new BoundedDownload(
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build(),
            downloads);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the model directory " + directory, e);
    }
  }

  /**
   * Loads the models recorded on disk; a package that no longer verifies is dropped with a warning.
   */
  public synchronized void restore() {
    Properties state = readState();
    lastDesiredIssuedAt =
        Instant.ofEpochMilli(Long.parseLong(state.getProperty("desiredIssuedAt", "0")));
    current = restoreOne(state.getProperty("current"));
    previous = restoreOne(state.getProperty("previous"));
    if (current == null && previous != null) {
      log.warn("The current model could not be restored; falling back to the previous one");
      current = previous;
      previous = null;
    }
    if (current != null) {
      log.info(
          "Restored model {} v{} ({}) from disk",
          current.manifest().modelName(),
          current.manifest().modelVersion(),
          shortSha(current.packageSha256()));
    }
  }

  /** Makes the desired model current, or refuses it and keeps the current one; never throws. */
  public Outcome apply(Deployment desired) {
    try {
      return applyChecked(desired);
    } catch (RuntimeException e) {
      // Whatever went wrong, the update thread lives on and the refusal is reported.
      return refuse(
          String.valueOf(desired.getPackageSha256()).toLowerCase(Locale.ROOT),
          desired,
          Reason.DOWNLOAD_FAILED + ": " + e);
    }
  }

  private Outcome applyChecked(Deployment desired) {
    String sha = desired.getPackageSha256().toLowerCase(Locale.ROOT);
    if (!DesiredStateSignature.verify(desired, pinnedKey)) {
      return refuse(
          sha,
          desired,
          Reason.UNSIGNED_DESIRED_STATE
              + ": the desired state is not signed by the pinned"
              + " deploy key");
    }
    synchronized (this) {
      if (desired.getEventTime().isBefore(lastDesiredIssuedAt)) {
        return refuse(
            sha,
            desired,
            Reason.STALE_DESIRED_STATE
                + ": issued "
                + desired.getEventTime()
                + ", before the desired state of "
                + lastDesiredIssuedAt
                + " this gateway already acted on");
      }
      if (current != null && current.packageSha256().equals(sha)) {
        accepted(desired);
        return Outcome.ALREADY_RUNNING;
      }
      String downgrade = downgrade(desired);
      if (downgrade != null) {
        return refuse(sha, desired, downgrade);
      }
      if (previous != null && previous.packageSha256().equals(sha)) {
        LoadedModel swapped = current;
        current = previous;
        previous = swapped;
        accepted(desired);
        lastError = null;
        log.info(
            "Rolled back to model {} v{} (kept loaded)",
            current.manifest().modelName(),
            current.manifest().modelVersion());
        return Outcome.ROLLED_BACK;
      }
    }
    LoadedModel loaded;
    try {
      byte[] bytes = download.fetch(desired.getPackageUrl());
      ModelPackage.Verified verified =
          ModelPackage.verify(bytes, sha, pinnedKey, downloads.maxUnpackedBytes());
      if (!verified.signature().equals(desired.getSignature())) {
        throw new PackageRejectedException(
            Reason.BAD_SIGNATURE,
            "the package's signature is not the one deploy-service" + " announced");
      }
      if (!verified.manifest().modelName().equals(desired.getModelName())
          || verified.manifest().modelVersion() != desired.getModelVersion()) {
        throw new PackageRejectedException(
            Reason.INCOMPATIBLE,
            "the package holds "
                + verified.manifest().modelName()
                + " v"
                + verified.manifest().modelVersion()
                + ", not the announced "
                + desired.getModelName()
                + " v"
                + desired.getModelVersion());
      }
      if (!hardwareClass.equals(verified.manifest().target())) {
        throw new PackageRejectedException(
            Reason.WRONG_HARDWARE_CLASS,
            "the package is built for "
                + verified.manifest().target()
                + ", this gateway is "
                + hardwareClass);
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
      accepted(desired);
      lastError = null;
      failedPackageSha256 = null;
    }
    log.info(
        "Now scoring with model {} v{} ({}, target {})",
        loaded.manifest().modelName(),
        loaded.manifest().modelVersion(),
        shortSha(sha),
        loaded.manifest().target());
    return Outcome.SWAPPED;
  }

  /** Why the desired state may not replace the current model with an older one, or null. */
  private String downgrade(Deployment desired) {
    if (current == null
        || desired.getRollback()
        || !current.manifest().modelName().equals(desired.getModelName())
        || desired.getModelVersion() >= current.manifest().modelVersion()) {
      return null;
    }
    return Reason.DOWNGRADE
        + ": v"
        + desired.getModelVersion()
        + " is older than the running v"
        + current.manifest().modelVersion()
        + " and the desired state is not a signed rollback";
  }

  /**
   * Remembers the newest desired state acted on, on disk: an older one is refused, after a restart
   * too.
   */
  private void accepted(Deployment desired) {
    if (desired.getEventTime().isAfter(lastDesiredIssuedAt)) {
      lastDesiredIssuedAt = desired.getEventTime();
    }
    writeState();
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
    lastError =
        "refused "
            + desired.getModelName()
            + " v"
            + desired.getModelVersion()
            + " ("
            + shortSha(sha)
            + "): "
            + reason;
    failedPackageSha256 = sha;
    log.warn(
        "{}; still scoring with {}",
        lastError,
        current == null
            ? "no model"
            : current.manifest().modelName() + " v" + current.manifest().modelVersion());
    return Outcome.REFUSED;
  }

  private LoadedModel restoreOne(String sha) {
    if (sha == null || sha.isEmpty()) {
      return null;
    }
    try {
      return LoadedModel.load(
          ModelPackage.verify(Files.readAllBytes(packagePath(sha)), sha, pinnedKey));
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
    state.setProperty("desiredIssuedAt", Long.toString(lastDesiredIssuedAt.toEpochMilli()));
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
        boolean keep =
            (current != null && current.packageSha256().equals(name))
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
