package io.pumpops.features.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenSequencesTest {

  @Test
  void aPumpsConsecutiveReadingsAreOneRun() {
    SeenSequences seen = new SeenSequences();
    for (long seq = 1; seq <= 10_000; seq++) {
      assertThat(seen.add("pump-a", seq)).isTrue();
    }
    assertThat(seen.add("pump-a", 5_000)).isFalse();
    assertThat(seen.add("pump-b", 5_000)).isTrue();
    assertThat(seen.runs()).isEqualTo(2);
  }

  @Test
  void answersAsASetWouldInAnyOrderAndJoinsRunsAcrossGaps() {
    List<Long> seqs = new ArrayList<>();
    for (long seq = 0; seq < 2_000; seq++) {
      seqs.add(seq % 7 == 3 ? seq - 1 : seq); // some redelivered
    }
    seqs.add(Long.MAX_VALUE);
    seqs.add(Long.MIN_VALUE);
    Collections.shuffle(seqs, new Random(4));
    SeenSequences seen = new SeenSequences();
    Set<Long> set = new HashSet<>();

    for (long seq : seqs) {
      assertThat(seen.add("pump", seq)).as("seq %d", seq).isEqualTo(set.add(seq));
    }

    // 0..1999 with a gap of one at each multiple of 7 plus 3 (286 gaps): 287 runs, and the
    // extremes.
    assertThat(seen.runs()).isEqualTo(287 + 2);
    for (long seq = 0; seq < 2_000; seq++) {
      if (seq % 7 == 3) {
        seen.add("pump", seq);
      }
    }
    assertThat(seen.runs()).isEqualTo(1 + 2);
  }
}
