package io.pumpops.deploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.pumpops.deploy.rollout.Rollout.State;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rollout state machine, over its whole table: every allowed move works, every other throws.
 */
class RolloutStateTest {

  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  private static Rollout in(State state) {
    Rollout rollout = new Rollout();
    rollout.id = "rollout-test";
    rollout.state = state;
    return rollout;
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void fromEachStateExactlyTheMovesOfTheTableAreAllowed(State from) {
    for (State to : State.values()) {
      Rollout rollout = in(from);
      if (Rollout.NEXT.get(from).contains(to)) {
        rollout.moveTo(to, NOW);
        assertThat(rollout.state).isEqualTo(to);
      } else {
        assertThatIllegalStateException()
            .isThrownBy(() -> rollout.moveTo(to, NOW))
            .withMessageContaining(from + " to " + to);
        assertThat(rollout.state).as("a refused move changes nothing").isEqualTo(from);
      }
    }
  }

  @Test
  void outsideItsPackageARolloutIsReadOnly() {
    Rollout rollout = in(State.RUNNING);
    rollout.targets.put("gw-1", new Rollout.Target());
    rollout.rings.add(new java.util.ArrayList<>(java.util.List.of("gw-1")));
    rollout.log(NOW, "started");

    assertThat(rollout.state()).isEqualTo(State.RUNNING);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollout.targets().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollout.rings().get(0).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> rollout.history().add("forged"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(rollout.targets()).containsOnlyKeys("gw-1");
    assertThat(rollout.history()).hasSize(1);
  }

  @Test
  void aNewRolloutStartsRunningOrEndsAtOnce() {
    for (State to : State.values()) {
      Rollout rollout = in(null);
      if (Rollout.FIRST.contains(to)) {
        rollout.moveTo(to, NOW);
        assertThat(rollout.state).isEqualTo(to);
      } else {
        assertThatIllegalStateException()
            .isThrownBy(() -> rollout.moveTo(to, NOW))
            .withMessageContaining("new to");
      }
    }
    assertThat(Rollout.FIRST)
        .containsExactlyInAnyOrder(State.RUNNING, State.SUCCEEDED, State.ABORTED);
  }

  @Test
  void everyStateIsInTheTableAndEveryActiveOneCanReachAnEnd() {
    assertThat(Rollout.NEXT).containsOnlyKeys(State.values());
    assertThat(EnumSet.allOf(State.class).stream().filter(State::terminal))
        .containsExactlyInAnyOrder(State.ROLLED_BACK, State.ABORTED, State.SUPERSEDED);
    for (State start : State.values()) {
      Set<State> seen = EnumSet.noneOf(State.class);
      Deque<State> todo = new ArrayDeque<>(Set.of(start));
      while (!todo.isEmpty()) {
        State s = todo.pop();
        if (seen.add(s)) {
          todo.addAll(Rollout.NEXT.get(s));
        }
      }
      assertThat(seen).as("from " + start).anyMatch(State::terminal);
    }
  }

  @Test
  void onlyRunningAndPausedRolloutsAreActiveAndEndingStampsTheTime() {
    assertThat(EnumSet.allOf(State.class).stream().filter(State::active))
        .containsExactlyInAnyOrder(State.RUNNING, State.PAUSED);
    Rollout rollout = in(State.RUNNING);
    rollout.moveTo(State.PAUSED, NOW);
    assertThat(rollout.endedAt).isNull();
    rollout.moveTo(State.ABORTED, NOW);
    assertThat(rollout.endedAt).isEqualTo(NOW);
  }
}
