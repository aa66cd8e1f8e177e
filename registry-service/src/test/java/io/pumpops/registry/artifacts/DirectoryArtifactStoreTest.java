package io.pumpops.registry.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArtifactStoreTest {

  @TempDir Path root;

  @Test
  void storesBytesUnderTheirHashAndReadsThemBack() throws Exception {
    DirectoryArtifactStore store = new DirectoryArtifactStore(root);
    byte[] bytes = "onnx".getBytes(StandardCharsets.UTF_8);

    assertThat(store.put(sha256(bytes), new ByteArrayInputStream(bytes))).isTrue();
    assertThat(store.put(sha256(bytes), new ByteArrayInputStream(bytes))).isFalse();

    try (InputStream in = store.open(sha256(bytes)).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(store.size(sha256(bytes))).isEqualTo(4);
  }

  @Test
  void refusesBytesThatDoNotHaveTheDeclaredHashAndKeepsNothing() throws Exception {
    DirectoryArtifactStore store = new DirectoryArtifactStore(root);
    String declared = sha256("the real model".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(
            () ->
                store.put(
                    declared,
                    new ByteArrayInputStream("tampered".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining(declared);

    assertThat(store.contains(declared)).isFalse();
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void refusesAnAddressThatIsNotASha256() throws Exception {
    DirectoryArtifactStore store = new DirectoryArtifactStore(root);

    assertThatThrownBy(() -> store.open("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
