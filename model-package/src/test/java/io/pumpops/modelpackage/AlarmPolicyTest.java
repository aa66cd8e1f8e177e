package io.pumpops.modelpackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmPolicyTest {

  private static final boolean X = true;
  private static final boolean o = false;

  @Test
  void anAlarmOpensOnceKOfTheLastNWindowsAreAnomalousAndClosesAfterANormalRun() {
    AlarmPolicy policy = new AlarmPolicy(3, 5, 2, 3.0);

    List<Integer> openings =
        policy.openings(
            List.of(
                X, o, X, o, o, o, o, // two of five: nothing
                X, X, o, X, // opens at index 10 (3 of the last 5)
                X, o, X, o, o, // stays open, closes after two normal in a row
                X, X,
                X)); // opens again at index 17: 3 of the last 5 count windows of the closed alarm
    // too

    assertThat(openings).containsExactly(10, 17);
  }

  @Test
  void aQuietStreamOpensNothingAndAnAnomalousOneOpensOnce() {
    AlarmPolicy policy = AlarmPolicy.defaults();

    assertThat(policy.openings(java.util.Collections.nCopies(500, false))).isEmpty();
    assertThat(policy.openings(java.util.Collections.nCopies(500, true))).containsExactly(3);
  }

  @Test
  void theRuleAndItsRecordInLineageRoundTrip() {
    AlarmPolicy policy = AlarmPolicy.parse("3/5/5/3.0");

    assertThat(policy.opensWith(2)).isFalse();
    assertThat(policy.opensWith(3)).isTrue();
    assertThat(policy.closesAfter(4)).isFalse();
    assertThat(policy.closesAfter(5)).isTrue();
    assertThat(AlarmPolicy.fromConfig(policy.asConfig())).isEqualTo(policy);
    assertThat(AlarmPolicy.fromConfig(Map.of())).isEqualTo(AlarmPolicy.defaults());
    assertThatThrownBy(() -> AlarmPolicy.parse("3/5/5"))
        .hasMessageContaining("openAfter/ofLast/closeAfter/criticalFactor");
    assertThatThrownBy(() -> new AlarmPolicy(6, 5, 5, 3.0)).hasMessageContaining("1 <= k <= n");
  }
}
