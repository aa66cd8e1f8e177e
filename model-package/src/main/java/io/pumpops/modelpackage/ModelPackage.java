package io.pumpops.modelpackage;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pumpops.modelpackage.PackageRejectedException.Reason;
import io.pumpops.schemas.hash.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The signed model package deploy-service builds and gateways verify: a zip of {@value #MANIFEST},
 * {@value #SIGNATURE} (base64 Ed25519 over the manifest's bytes) and {@value #MODEL}. The package
 * is named by the SHA-256 of the zip; the manifest names the SHA-256 of every other file, so one
 * signature check covers everything.
 *
 * <p>Deterministic: entries in a fixed order with a fixed time, manifest as canonical JSON (sorted
 * keys), Ed25519 signatures carry no randomness. The same model and target give the same package
 * hash.
 */
public final class ModelPackage {

  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "manifest.json";
  public static final String SIGNATURE = "manifest.sig";
  public static final String MODEL = "model.onnx";

  /**
   * Most bytes a package may unpack to, all entries together, unless the caller sets its own bound:
   * a zip bomb must not fill a small box's memory (a gateway runs in 64 MB of heap).
   */
  public static final long MAX_UNPACKED_BYTES = 16L * 1024 * 1024;

  /**
   * A package holds three files; a zip of thousands of empty entries is an attack, not a package.
   */
  private static final int MAX_ENTRIES = 16;

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();
  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

  /** A built package: its bytes, their SHA-256 (its name) and the manifest signature. */
  public record Built(byte[] bytes, String sha256, String signature, PackageManifest manifest) {}

  /** A package that passed every check. */
  public record Verified(PackageManifest manifest, byte[] model, String sha256, String signature) {}

  private ModelPackage() {}

  /** Builds and signs a package; the manifest's {@code files} is filled in here. */
  public static Built build(PackageManifest manifest, byte[] model, PrivateKey signingKey) {
    PackageManifest complete =
        new PackageManifest(
            FORMAT_VERSION,
            manifest.modelName(),
            manifest.modelVersion(),
            manifest.artifactSha256(),
            manifest.target(),
            manifest.featureSpecVersion(),
            manifest.featureNames(),
            Map.of(MODEL, Sha256.hex(model)),
            manifest.input(),
            manifest.outputs(),
            manifest.scoreOutput(),
            manifest.threshold(),
            manifest.referenceProfileJson(),
            manifest.minOnnxRuntimeVersion(),
            manifest.sessionOptions(),
            manifest.alarmPolicy());
    byte[] manifestBytes = manifestBytes(complete);
    String signature = sign(manifestBytes, signingKey);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, MANIFEST, manifestBytes);
      put(zip, SIGNATURE, signature.getBytes(StandardCharsets.US_ASCII));
      put(zip, MODEL, model);
    } catch (IOException e) {
      throw new IllegalStateException("Could not write a package in memory", e);
    }
    byte[] bytes = out.toByteArray();
    return new Built(bytes, Sha256.hex(bytes), signature, complete);
  }

  /**
   * Checks, in order: the package hash, the layout, the manifest signature against the pinned key,
   * then each file's hash against the manifest.
   *
   * @param expectedSha256 the hash the package was asked for by
   * @param pinnedKey the deploy-service public key this gateway trusts
   */
  public static Verified verify(byte[] bytes, String expectedSha256, PublicKey pinnedKey)
      throws PackageRejectedException {
    return verify(bytes, expectedSha256, pinnedKey, MAX_UNPACKED_BYTES);
  }

  /**
   * As {@link #verify(byte[], String, PublicKey)}, unpacking at most {@code maxUnpackedBytes}. The
   * hash is checked before anything is decompressed: a gateway unpacks only the bytes a signed
   * desired state named.
   */
  public static Verified verify(
      byte[] bytes, String expectedSha256, PublicKey pinnedKey, long maxUnpackedBytes)
      throws PackageRejectedException {
    String actual = Sha256.hex(bytes);
    if (!actual.equalsIgnoreCase(expectedSha256)) {
      throw new PackageRejectedException(
          Reason.PACKAGE_HASH_MISMATCH,
          "package hashes to " + actual + ", expected " + expectedSha256);
    }
    Map<String, byte[]> entries = unzip(bytes, maxUnpackedBytes);
    byte[] manifestBytes = required(entries, MANIFEST);
    String signature = new String(required(entries, SIGNATURE), StandardCharsets.US_ASCII).trim();
    if (!signatureValid(manifestBytes, signature, pinnedKey)) {
      throw new PackageRejectedException(
          Reason.BAD_SIGNATURE,
          "the manifest's signature does not verify with the pinned deploy key");
    }
    PackageManifest manifest = parseManifest(manifestBytes);
    if (manifest.formatVersion() != FORMAT_VERSION) {
      throw new PackageRejectedException(
          Reason.INCOMPATIBLE,
          "package format " + manifest.formatVersion() + ", this gateway reads " + FORMAT_VERSION);
    }
    for (String name : entries.keySet()) {
      if (!name.equals(MANIFEST)
          && !name.equals(SIGNATURE)
          && !manifest.files().containsKey(name)) {
        throw new PackageRejectedException(
            Reason.MALFORMED, "entry " + name + " is not in the manifest");
      }
    }
    for (Map.Entry<String, String> file : manifest.files().entrySet()) {
      String hash = Sha256.hex(required(entries, file.getKey()));
      if (!hash.equalsIgnoreCase(file.getValue())) {
        throw new PackageRejectedException(
            Reason.FILE_HASH_MISMATCH,
            file.getKey() + " hashes to " + hash + ", the manifest says " + file.getValue());
      }
    }
    return new Verified(manifest, required(entries, MODEL), actual, signature);
  }

  /** The manifest as the canonical bytes that are signed. */
  public static byte[] manifestBytes(PackageManifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("Could not write a manifest", e);
    }
  }

  static String sign(byte[] data, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance(SigningKeys.ALGORITHM);
      signer.initSign(key);
      signer.update(data);
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Could not sign with the configured key: " + e.getMessage(), e);
    }
  }

  static boolean signatureValid(byte[] data, String signatureBase64, PublicKey key) {
    try {
      Signature verifier = Signature.getInstance(SigningKeys.ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(Base64.getDecoder().decode(signatureBase64));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static PackageManifest parseManifest(byte[] bytes) throws PackageRejectedException {
    try {
      return JSON.readValue(bytes, PackageManifest.class);
    } catch (IOException | RuntimeException e) {
      throw new PackageRejectedException(
          Reason.MALFORMED, "manifest is not valid: " + e.getMessage(), e);
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setTimeLocal(ENTRY_TIME);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }

  private static Map<String, byte[]> unzip(byte[] bytes, long maxUnpackedBytes)
      throws PackageRejectedException {
    Map<String, byte[]> entries = new HashMap<>();
    long unpacked = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entry.isDirectory()
            || entries.containsKey(entry.getName())
            || entries.size() >= MAX_ENTRIES) {
          throw new PackageRejectedException(
              Reason.MALFORMED, "unexpected or repeated entry " + entry.getName());
        }
        byte[] content = readBounded(zip, entry.getName(), maxUnpackedBytes - unpacked);
        unpacked += content.length;
        entries.put(entry.getName(), content);
      }
    } catch (IOException e) {
      throw new PackageRejectedException(
          Reason.MALFORMED, "not a readable zip: " + e.getMessage(), e);
    }
    return new TreeMap<>(entries);
  }

  private static byte[] readBounded(InputStream in, String name, long budget)
      throws IOException, PackageRejectedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (out.size() + (long) n > budget) {
        throw new PackageRejectedException(
            Reason.TOO_LARGE, name + " unpacks past the bound of the whole package");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] required(Map<String, byte[]> entries, String name)
      throws PackageRejectedException {
    byte[] content = entries.get(name);
    if (content == null) {
      throw new PackageRejectedException(Reason.MALFORMED, "the package has no " + name);
    }
    return content;
  }
}
