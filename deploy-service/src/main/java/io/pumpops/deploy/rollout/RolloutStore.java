package io.pumpops.deploy.rollout;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The rollouts on disk ({@code rollouts.json} in the state directory), rewritten atomically after
 * every change, so that a restarted deploy-service carries on with a rollout under way.
 */
public final class RolloutStore {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path file;

  public RolloutStore(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the state directory " + directory, e);
    }
    this.file = directory.resolve("rollouts.json");
  }

  public List<Rollout> load() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<List<Rollout>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not read " + file + "; move it away to start without rollout history", e);
    }
  }

  public void save(List<Rollout> rollouts) {
    try {
      Path temp = Files.createTempFile(file.getParent(), "rollouts-", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), rollouts);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not save the rollouts to " + file, e);
    }
  }
}
