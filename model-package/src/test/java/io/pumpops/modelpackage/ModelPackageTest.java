package io.pumpops.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pumpops.modelpackage.PackageRejectedException.Reason;
import io.pumpops.schemas.hash.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class ModelPackageTest {

  private static final KeyPair DEPLOY_KEY = SigningKeys.generate();
  private static final byte[] MODEL =
      "not really onnx, but bytes are bytes".getBytes(StandardCharsets.UTF_8);

  static PackageManifest manifest() {
    return new PackageManifest(
        0,
        "pump-anomaly",
        3,
        "ab".repeat(32),
        "x86-64-standard",
        "pump-v1",
        List.of("flowRate.mean", "pressure.mean"),
        Map.of(),
        new PackageManifest.Tensor("features", "FLOAT", List.of(-1L, 2L)),
        List.of(new PackageManifest.Tensor("score", "DOUBLE", List.of(-1L, 1L))),
        "score",
        1.0,
        null,
        "1.7.0",
        new PackageManifest.SessionOptions(2, 1, "ALL_OPT"));
  }

  @Test
  void aBuiltPackageVerifiesWithThePinnedKeyAndIsDeterministic() throws Exception {
    ModelPackage.Built built = ModelPackage.build(manifest(), MODEL, DEPLOY_KEY.getPrivate());
    ModelPackage.Verified verified =
        ModelPackage.verify(built.bytes(), built.sha256(), DEPLOY_KEY.getPublic());

    assertThat(verified.model()).isEqualTo(MODEL);
    assertThat(verified.manifest().files()).containsEntry(ModelPackage.MODEL, Sha256.hex(MODEL));
    assertThat(verified.manifest().modelVersion()).isEqualTo(3);
    assertThat(verified.signature()).isEqualTo(built.signature());
    assertThat(ModelPackage.build(manifest(), MODEL, DEPLOY_KEY.getPrivate()).sha256())
        .isEqualTo(built.sha256());
  }

  @Test
  void everyChangedByteIsCaughtByThePackageHash() {
    ModelPackage.Built built = ModelPackage.build(manifest(), MODEL, DEPLOY_KEY.getPrivate());
    for (int i = 0; i < built.bytes().length; i += 7) {
      byte[] tampered = built.bytes().clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(
              () -> ModelPackage.verify(tampered, built.sha256(), DEPLOY_KEY.getPublic()))
          .isInstanceOfSatisfying(
              PackageRejectedException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.PACKAGE_HASH_MISMATCH));
    }
  }

  @Test
  void aPackageSignedWithAnotherKeyIsRefused() {
    ModelPackage.Built forged =
        ModelPackage.build(manifest(), MODEL, SigningKeys.generate().getPrivate());
    assertThatThrownBy(
            () -> ModelPackage.verify(forged.bytes(), forged.sha256(), DEPLOY_KEY.getPublic()))
        .isInstanceOfSatisfying(
            PackageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void aSwappedModelUnderAGenuineManifestIsRefused() throws IOException {
    ModelPackage.Built built = ModelPackage.build(manifest(), MODEL, DEPLOY_KEY.getPrivate());
    byte[] repacked =
        zip(
            Map.of(
                ModelPackage.MANIFEST,
                ModelPackage.manifestBytes(built.manifest()),
                ModelPackage.SIGNATURE,
                built.signature().getBytes(StandardCharsets.US_ASCII),
                ModelPackage.MODEL,
                "another model".getBytes(StandardCharsets.UTF_8)));
    assertThatThrownBy(
            () -> ModelPackage.verify(repacked, Sha256.hex(repacked), DEPLOY_KEY.getPublic()))
        .isInstanceOfSatisfying(
            PackageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.FILE_HASH_MISMATCH));
  }

  @Test
  void bytesThatAreNotAPackageAreRefusedWithAReason() {
    byte[] junk = "hello".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelPackage.verify(junk, Sha256.hex(junk), DEPLOY_KEY.getPublic()))
        .isInstanceOfSatisfying(
            PackageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
