package io.pumpops.deploy.rollout;

import io.pumpops.schemas.avro.DeploymentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model version on its way to the fleet: its rings, and per gateway the package it should run,
 * the package it goes back to on rollback, and how far it got. Only {@link RolloutManager} changes
 * it (its state only through {@link #moveTo}); others read it through its accessors. Its fields are
 * plain data so that it can be saved as is.
 */
public final class Rollout {

  /**
   * Where the rollout as a whole stands. Only RUNNING and PAUSED rollouts still act. Every change
   * of state goes through {@link #moveTo}, which allows exactly the moves of {@link #NEXT}.
   */
  public enum State {
    RUNNING,
    PAUSED,
    SUCCEEDED,
    ROLLED_BACK,
    ABORTED,
    SUPERSEDED;

    public boolean active() {
      return this == RUNNING || this == PAUSED;
    }

    /** Whether no move leads out of this state. */
    public boolean terminal() {
      return NEXT.get(this).isEmpty();
    }
  }

  /**
   * The state machine, whole. A new rollout starts RUNNING, or ends at once: SUCCEEDED when no
   * gateway is there to deploy to, ABORTED when the model cannot be packaged.
   */
  public static final java.util.Set<State> FIRST =
      java.util.EnumSet.of(State.RUNNING, State.SUCCEEDED, State.ABORTED);

  /**
   * From each state, where it may go: an operator pauses and resumes; every ring healthy succeeds;
   * a failing ring or an operator rolls back (a succeeded rollout too, by an operator); an operator
   * aborts; a newer champion supersedes what is still active. The last three states are final.
   */
  public static final Map<State, java.util.Set<State>> NEXT =
      java.util.Collections.unmodifiableMap(
          new java.util.EnumMap<>(
              Map.of(
                  State.RUNNING,
                      java.util.EnumSet.of(
                          State.PAUSED,
                          State.SUCCEEDED,
                          State.ROLLED_BACK,
                          State.ABORTED,
                          State.SUPERSEDED),
                  State.PAUSED,
                      java.util.EnumSet.of(
                          State.RUNNING, State.ROLLED_BACK, State.ABORTED, State.SUPERSEDED),
                  State.SUCCEEDED, java.util.EnumSet.of(State.ROLLED_BACK),
                  State.ROLLED_BACK, java.util.EnumSet.noneOf(State.class),
                  State.ABORTED, java.util.EnumSet.noneOf(State.class),
                  State.SUPERSEDED, java.util.EnumSet.noneOf(State.class))));

  /** The one way a rollout changes state; a move the table does not allow is a bug, and throws. */
  void moveTo(State next, Instant now) {
    boolean allowed = state == null ? FIRST.contains(next) : NEXT.get(state).contains(next);
    if (!allowed) {
      throw new IllegalStateException(
          id + " cannot go from " + (state == null ? "new" : state) + " to " + next);
    }
    state = next;
    if (next.terminal() || next == State.SUCCEEDED) {
      endedAt = now;
    }
  }

  /** A signed package as a gateway fetches it. */
  public record PackageRef(int modelVersion, String sha256, String url, String signature) {}

  /** One gateway's part in the rollout. */
  public static final class Target {
    String gatewayId;
    int ring;
    String hardwareClass;
    PackageRef deploy;

    /** What the gateway goes back to on rollback; null when there is no earlier champion. */
    PackageRef rollback;

    DeploymentStatus status = DeploymentStatus.PENDING;
    String message;
    Instant runningSince;

    /** The gateway's p99 under the model it ran when the rollout began. */
    Double baselineP99;

    HealthPolicy.Tally tally = new HealthPolicy.Tally();

    public String gatewayId() {
      return gatewayId;
    }

    public int ring() {
      return ring;
    }

    public String hardwareClass() {
      return hardwareClass;
    }

    public PackageRef deploy() {
      return deploy;
    }

    /** What the gateway goes back to on rollback; null when there is no earlier champion. */
    public PackageRef rollback() {
      return rollback;
    }

    public DeploymentStatus status() {
      return status;
    }

    public String message() {
      return message;
    }

    public Instant runningSince() {
      return runningSince;
    }
  }

  String id;
  String modelName;
  int modelVersion;
  Integer previousVersion;
  Instant startedAt;
  Instant endedAt;
  State state;
  String reason;

  /**
   * The ring whose gateways have been sent the package; rings after it have not. -1 before the
   * first.
   */
  int currentRing = -1;

  List<List<String>> rings = new ArrayList<>();
  Map<String, Target> targets = new LinkedHashMap<>();

  /** Gateways left out (for example a too old ONNX Runtime), with why. */
  Map<String, String> skipped = new LinkedHashMap<>();

  List<String> history = new ArrayList<>();

  // Read-only from outside this package: a rollout changes only through RolloutManager, and its
  // state only through moveTo.

  public String id() {
    return id;
  }

  public String modelName() {
    return modelName;
  }

  public int modelVersion() {
    return modelVersion;
  }

  /** The champion before this rollout's model; null when there was none. */
  public Integer previousVersion() {
    return previousVersion;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** When it succeeded or reached a final state; null while active. */
  public Instant endedAt() {
    return endedAt;
  }

  public State state() {
    return state;
  }

  public String reason() {
    return reason;
  }

  public int currentRing() {
    return currentRing;
  }

  public List<List<String>> rings() {
    return rings.stream().map(List::copyOf).toList();
  }

  public Map<String, Target> targets() {
    return java.util.Collections.unmodifiableMap(targets);
  }

  public Map<String, String> skipped() {
    return java.util.Collections.unmodifiableMap(skipped);
  }

  public List<String> history() {
    return java.util.Collections.unmodifiableList(history);
  }

  void log(Instant now, String event) {
    history.add(now + " " + event);
  }

  /**
   * The targets of rings up to and including the current one: the gateways that were sent the
   * package.
   */
  List<Target> delivered() {
    List<Target> out = new ArrayList<>();
    for (int ring = 0; ring <= currentRing && ring < rings.size(); ring++) {
      rings.get(ring).forEach(g -> out.add(targets.get(g)));
    }
    return out;
  }
}
