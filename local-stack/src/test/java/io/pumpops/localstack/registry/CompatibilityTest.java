package io.pumpops.localstack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pumpops.schemas.registry.CompatibilityLevel;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityTest {

  private static Schema record(String fields) {
    return new Schema.Parser()
        .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  private static final Schema ID = record("{\"name\":\"id\",\"type\":\"string\"}");
  private static final Schema ID_AND_OPTIONAL =
      record(
          "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\",\"default\":0}");
  private static final Schema ID_AND_REQUIRED =
      record("{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"int\"}");
  private static final Schema OPTIONAL_ONLY =
      record("{\"name\":\"n\",\"type\":\"int\",\"default\":0}");

  @Test
  void addingAFieldWithADefaultIsFullyCompatible() {
    for (CompatibilityLevel level : CompatibilityLevel.values()) {
      assertThat(Compatibility.problems(level, ID_AND_OPTIONAL, List.of(ID)))
          .as(level.name())
          .isEmpty();
    }
  }

  @Test
  void addingARequiredFieldBreaksBackwardButNotForward() {
    assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD, ID_AND_REQUIRED, List.of(ID)))
        .singleElement()
        .asString()
        .contains("BACKWARD")
        .contains("n");
    assertThat(Compatibility.problems(CompatibilityLevel.FORWARD, ID_AND_REQUIRED, List.of(ID)))
        .isEmpty();
    assertThat(Compatibility.problems(CompatibilityLevel.FULL, ID_AND_REQUIRED, List.of(ID)))
        .isNotEmpty();
  }

  @Test
  void droppingARequiredFieldBreaksForwardButNotBackward() {
    assertThat(
            Compatibility.problems(
                CompatibilityLevel.BACKWARD, OPTIONAL_ONLY, List.of(ID_AND_OPTIONAL)))
        .isEmpty();
    assertThat(
            Compatibility.problems(
                CompatibilityLevel.FORWARD, OPTIONAL_ONLY, List.of(ID_AND_OPTIONAL)))
        .isNotEmpty();
  }

  @Test
  void transitiveLevelsCheckEveryEarlierVersionPlainOnesOnlyTheLatest() {
    // ID_AND_REQUIRED reads ID_AND_OPTIONAL's records, but not ID's (n has no default).
    List<Schema> history = List.of(ID, ID_AND_OPTIONAL);

    assertThat(Compatibility.problems(CompatibilityLevel.BACKWARD, ID_AND_REQUIRED, history))
        .isEmpty();
    assertThat(
            Compatibility.problems(
                CompatibilityLevel.BACKWARD_TRANSITIVE, ID_AND_REQUIRED, history))
        .isNotEmpty();
  }

  @Test
  void noneAndAFirstVersionAreAlwaysAccepted() {
    assertThat(Compatibility.problems(CompatibilityLevel.NONE, OPTIONAL_ONLY, List.of(ID)))
        .isEmpty();
    assertThat(Compatibility.problems(CompatibilityLevel.FULL_TRANSITIVE, ID, List.of())).isEmpty();
  }
}
