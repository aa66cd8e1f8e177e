package io.pumpops.deploy.rollout;

import io.pumpops.deploy.delivery.DeploymentLog;
import io.pumpops.deploy.delivery.DesiredState;
import io.pumpops.deploy.fleet.GatewayDirectory;
import io.pumpops.deploy.packaging.ModelPackager;
import io.pumpops.schemas.avro.Deployment;
import io.pumpops.schemas.avro.DeploymentStatus;
import io.pumpops.schemas.avro.EdgeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The staged rollout, as one state machine.
 *
 * <ol>
 *   <li>A new champion starts a rollout over every known gateway: a package per hardware class,
 *       gateways whose ONNX Runtime is too old left out, rings from the {@link RingPlan}. The first
 *       ring is sent the package (its desired state is published).
 *   <li>Each heartbeat of a gateway that was sent the package is judged by the {@link
 *       HealthPolicy}. The next ring is sent the package once every online gateway of the current
 *       ring is healthy (at least one of them); gateways that are offline do not hold the rollout
 *       up, and get their desired state when they reconnect.
 *   <li>A failed gateway ends the rollout: every gateway that was sent the package is sent its
 *       rollback package (the previous champion), and the rings not reached never see the new one.
 * </ol>
 *
 * A newer champion supersedes a rollout still under way. Operators can pause (nothing advances;
 * failures still roll back), resume, abort (stop where it is, nobody rolled back) and roll back.
 * Every change of a gateway's state is recorded on the {@link DeploymentLog}. A gateway that
 * appears when no rollout is under way is sent the fleet's current model.
 */
public final class RolloutManager {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutManager.class);

  private final GatewayDirectory directory;

  /**
   * When each gateway was last sent a desired state: it gets time to act on it before it is sent
   * again.
   */
  private final Map<String, Instant> lastSent = new HashMap<>();

  /** How long deploy-service waits before it sends a drifted gateway its desired state again. */
  static final Duration RESEND_AFTER = Duration.ofMinutes(1);

  private final ModelPackager packager;
  private final HealthPolicy policy;
  private final RingPlan plan;
  private final DesiredState desired;
  private final DeploymentLog deploymentLog;
  private final Consumer<List<Rollout>> saver;
  private final Clock clock;
  private final List<Rollout> rollouts = new ArrayList<>();

  /**
   * @param saved rollouts restored from an earlier run
   * @param saver called with every rollout after each change, to keep them across restarts
   */
  public RolloutManager(
      GatewayDirectory directory,
      ModelPackager packager,
      HealthPolicy policy,
      RingPlan plan,
      DesiredState desired,
      DeploymentLog deploymentLog,
      List<Rollout> saved,
      Consumer<List<Rollout>> saver,
      Clock clock) {
    this.directory = directory;
    this.packager = packager;
    this.policy = policy;
    this.plan = plan;
    this.desired = desired;
    this.deploymentLog = deploymentLog;
    this.saver = saver;
    this.clock = clock;
    this.rollouts.addAll(saved);
  }

  /**
   * A model version became champion: starts its rollout (once; the same promotion again returns the
   * rollout it started). Throws if the registry cannot be reached, so that the caller retries.
   */
  public synchronized Rollout onPromoted(
      String modelName, int version, Integer previousVersion, String reason) {
    Optional<Rollout> existing =
        rollouts.stream()
            .filter(
                r ->
                    r.modelName.equals(modelName)
                        && r.modelVersion == version
                        && r.state != Rollout.State.SUPERSEDED)
            .findFirst();
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = clock.instant();
    Rollout rollout = new Rollout();
    rollout.id = "rollout-" + UUID.randomUUID().toString().substring(0, 8);
    rollout.modelName = modelName;
    rollout.modelVersion = version;
    rollout.previousVersion = previousVersion;
    rollout.startedAt = now;
    rollout.log(
        now, "started: " + modelName + " v" + version + " became champion (" + reason + ")");
    for (Rollout active : active(modelName)) {
      end(
          active,
          Rollout.State.SUPERSEDED,
          "superseded by " + rollout.id + " (v" + version + ")",
          now);
    }
    try {
      plan(rollout, now);
    } catch (IllegalArgumentException e) {
      // The model itself cannot be shipped (it does not load, unknown FeatureSpec): nothing to
      // retry.
      rollout.moveTo(Rollout.State.ABORTED, now);
      rollout.reason = "could not be packaged: " + e.getMessage();
      rollout.log(now, rollout.reason);
      LOG.error("rollout of {} v{} not started: {}", modelName, version, e.getMessage());
      rollouts.add(rollout);
      save();
      return rollout;
    }
    rollouts.add(rollout);
    LOG.info(
        "{}: {} v{} to {} gateways in rings {}{}",
        rollout.id,
        modelName,
        version,
        rollout.targets.size(),
        rollout.rings,
        rollout.skipped.isEmpty() ? "" : ", skipped " + rollout.skipped);
    if (rollout.rings.isEmpty()) {
      end(
          rollout,
          Rollout.State.SUCCEEDED,
          "no gateway to deploy to yet; gateways that join get this model",
          now);
    } else {
      rollout.moveTo(Rollout.State.RUNNING, now);
      deliverNextRing(rollout, now);
    }
    save();
    return rollout;
  }

  private void plan(Rollout rollout, Instant now) {
    List<String> eligible = new ArrayList<>();
    for (GatewayDirectory.Gateway gateway : directory.all()) {
      EdgeStatus status = gateway.status();
      ModelPackager.Packaged pkg =
          packager.packageFor(rollout.modelName, rollout.modelVersion, status.getHardwareClass());
      if (compareVersions(status.getOnnxRuntimeVersion(), pkg.minOnnxRuntimeVersion()) < 0) {
        rollout.skipped.put(
            gateway.id(),
            "ONNX Runtime "
                + status.getOnnxRuntimeVersion()
                + " is older than the "
                + pkg.minOnnxRuntimeVersion()
                + " the model needs");
        continue;
      }
      Rollout.Target target = new Rollout.Target();
      target.gatewayId = gateway.id();
      target.hardwareClass = pkg.hardwareClass();
      target.deploy = pkg.ref();
      target.rollback = rollbackPackage(rollout, status.getHardwareClass());
      target.baselineP99 = status.getLatencyP99Millis();
      rollout.targets.put(gateway.id(), target);
      eligible.add(gateway.id());
    }
    rollout.rings = plan.rings(eligible);
    for (int ring = 0; ring < rollout.rings.size(); ring++) {
      for (String gatewayId : rollout.rings.get(ring)) {
        rollout.targets.get(gatewayId).ring = ring;
      }
    }
  }

  private Rollout.PackageRef rollbackPackage(Rollout rollout, String hardwareClass) {
    if (rollout.previousVersion == null) {
      return null;
    }
    try {
      return packager.packageFor(rollout.modelName, rollout.previousVersion, hardwareClass).ref();
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "{}: no rollback package of v{} for {}: {}",
          rollout.id,
          rollout.previousVersion,
          hardwareClass,
          e.getMessage());
      return null;
    }
  }

  /**
   * A heartbeat from {@code edge.status}: updates the directory, judges the gateway, advances or
   * rolls back.
   */
  public synchronized void onStatus(EdgeStatus status) {
    Instant now = clock.instant();
    boolean isNew = directory.update(status, now);
    boolean changed = false;
    for (Rollout rollout : List.copyOf(rollouts)) {
      Rollout.Target target = rollout.targets.get(status.getGatewayId());
      if (!rollout.state.active()
          || target == null
          || target.ring > rollout.currentRing
          || target.status == DeploymentStatus.FAILED) {
        continue;
      }
      changed |= judge(rollout, target, status, now);
      if (rollout.state == Rollout.State.RUNNING) {
        advance(rollout, now);
      }
    }
    if (isNew && rollouts.stream().noneMatch(r -> r.state.active())) {
      changed |= sendFleetModel(status.getGatewayId(), now);
    }
    if (rollouts.stream()
        .noneMatch(r -> r.state.active() && r.targets.containsKey(status.getGatewayId()))) {
      resendIfDrifted(status, now);
    }
    if (changed) {
      save();
    }
  }

  /**
   * A gateway that reports another model than its last finished rollout left it with (its retained
   * desired state was replaced, it was restored from an old disk) is sent its desired state again,
   * once it had {@link #RESEND_AFTER} to act on the last one; not when it reports having refused
   * that very package, which its rollout already dealt with.
   */
  private void resendIfDrifted(EdgeStatus status, Instant now) {
    String gatewayId = status.getGatewayId();
    Optional<Rollout> latest =
        rollouts.stream()
            .filter(r -> !r.state.active() && r.targets.containsKey(gatewayId))
            .max(Comparator.comparing(r -> r.startedAt));
    if (latest.isEmpty()) {
      return;
    }
    Rollout.Target target = latest.get().targets.get(gatewayId);
    Rollout.PackageRef expected =
        switch (target.status) {
          case HEALTHY, RUNNING, DELIVERED -> target.deploy;
          case ROLLED_BACK -> target.rollback;
          default -> null;
        };
    if (expected == null
        || expected.sha256().equalsIgnoreCase(String.valueOf(status.getModelSha256()))
        || expected.sha256().equalsIgnoreCase(String.valueOf(status.getFailedPackageSha256()))) {
      return;
    }
    Instant last = lastSent.get(gatewayId);
    if (last != null && last.plus(RESEND_AFTER).isAfter(now)) {
      return;
    }
    LOG.info(
        "{} reports {} v{} but rollout {} left it with v{}; sending its desired state again",
        gatewayId,
        status.getModelName(),
        status.getModelVersion(),
        latest.get().id,
        expected.modelVersion());
    publish(record(latest.get(), target, expected, now));
  }

  private boolean judge(Rollout rollout, Rollout.Target target, EdgeStatus status, Instant now) {
    HealthPolicy.Verdict verdict =
        policy.judge(
            status,
            target.deploy.sha256(),
            target.tally,
            Optional.ofNullable(target.baselineP99),
            now);
    if (verdict instanceof HealthPolicy.Verdict.Failed failed) {
      target.status = DeploymentStatus.FAILED;
      target.message = failed.reason();
      record(rollout, target, target.deploy, now);
      rollBack(rollout, "automatic: " + failed.reason(), now);
      return true;
    }
    if (verdict instanceof HealthPolicy.Verdict.Baking baking
        && target.status == DeploymentStatus.PENDING) {
      target.status = DeploymentStatus.RUNNING;
      target.runningSince = baking.since();
      target.message = null;
      record(rollout, target, target.deploy, now);
      return true;
    }
    if (verdict instanceof HealthPolicy.Verdict.Healthy
        && target.status != DeploymentStatus.HEALTHY) {
      target.status = DeploymentStatus.HEALTHY;
      target.message = "healthy after " + policy.bakeTime();
      record(rollout, target, target.deploy, now);
      return true;
    }
    return false;
  }

  /** Moves time-driven things on: a ring whose remaining gateways went offline can complete. */
  public synchronized void tick() {
    Instant now = clock.instant();
    boolean changed = false;
    for (Rollout rollout : List.copyOf(rollouts)) {
      if (rollout.state == Rollout.State.RUNNING) {
        changed |= advance(rollout, now);
      }
    }
    if (changed) {
      save();
    }
  }

  private boolean advance(Rollout rollout, Instant now) {
    List<Rollout.Target> ring =
        rollout.rings.get(rollout.currentRing).stream().map(rollout.targets::get).toList();
    boolean anyHealthy = ring.stream().anyMatch(t -> t.status == DeploymentStatus.HEALTHY);
    boolean settled =
        ring.stream()
            .allMatch(
                t ->
                    t.status == DeploymentStatus.HEALTHY
                        || (t.status != DeploymentStatus.FAILED
                            && !directory.online(t.gatewayId, now)));
    if (!anyHealthy || !settled) {
      return false;
    }
    if (rollout.currentRing + 1 < rollout.rings.size()) {
      deliverNextRing(rollout, now);
    } else {
      end(rollout, Rollout.State.SUCCEEDED, "every ring healthy", now);
    }
    return true;
  }

  private void deliverNextRing(Rollout rollout, Instant now) {
    rollout.currentRing++;
    List<String> ring = rollout.rings.get(rollout.currentRing);
    rollout.log(
        now, "ring " + rollout.currentRing + " sent v" + rollout.modelVersion + ": " + ring);
    for (String gatewayId : ring) {
      Rollout.Target target = rollout.targets.get(gatewayId);
      target.status = DeploymentStatus.PENDING;
      publish(record(rollout, target, target.deploy, now));
    }
  }

  public synchronized Rollout pause(String id) {
    Rollout rollout = require(id, Rollout.State.RUNNING);
    Instant now = clock.instant();
    rollout.moveTo(Rollout.State.PAUSED, now);
    rollout.log(now, "paused");
    for (Rollout.Target target : waiting(rollout)) {
      target.status = DeploymentStatus.PAUSED;
      record(rollout, target, target.deploy, now);
    }
    save();
    return rollout;
  }

  public synchronized Rollout resume(String id) {
    Rollout rollout = require(id, Rollout.State.PAUSED);
    Instant now = clock.instant();
    rollout.moveTo(Rollout.State.RUNNING, now);
    rollout.log(now, "resumed");
    waiting(rollout).forEach(t -> t.status = DeploymentStatus.PENDING);
    advance(rollout, now);
    save();
    return rollout;
  }

  /**
   * Stops the rollout where it is: gateways keep what they run, the rings not reached never get it.
   */
  public synchronized Rollout abort(String id, String reason) {
    Rollout rollout = require(id, Rollout.State.RUNNING, Rollout.State.PAUSED);
    Instant now = clock.instant();
    for (Rollout.Target target : waiting(rollout)) {
      target.status = DeploymentStatus.ABORTED;
      record(rollout, target, target.deploy, now);
    }
    end(rollout, Rollout.State.ABORTED, "aborted: " + reason, now);
    save();
    return rollout;
  }

  /** Sends every gateway that got the rollout's package back to its rollback package. */
  public synchronized Rollout rollback(String id, String reason) {
    Rollout rollout =
        require(id, Rollout.State.RUNNING, Rollout.State.PAUSED, Rollout.State.SUCCEEDED);
    rollBack(rollout, reason, clock.instant());
    save();
    return rollout;
  }

  private void rollBack(Rollout rollout, String reason, Instant now) {
    for (Rollout.Target target : rollout.delivered()) {
      // The gateway that failed keeps its own reason; its FAILED record is already on the log.
      target.message = target.status == DeploymentStatus.FAILED ? target.message : reason;
      target.status = DeploymentStatus.ROLLED_BACK;
      if (target.rollback != null) {
        publish(record(rollout, target, target.rollback, now));
      } else {
        desired.clear(target.gatewayId);
        record(rollout, target, target.deploy, now);
      }
    }
    for (Rollout.Target target : waiting(rollout)) {
      target.status = DeploymentStatus.ABORTED;
      target.message = "not reached: " + reason;
      record(rollout, target, target.deploy, now);
    }
    end(rollout, Rollout.State.ROLLED_BACK, reason, now);
  }

  /** Targets in rings that were not sent the package. */
  private static List<Rollout.Target> waiting(Rollout rollout) {
    List<Rollout.Target> out = new ArrayList<>();
    for (int ring = rollout.currentRing + 1; ring < rollout.rings.size(); ring++) {
      rollout.rings.get(ring).forEach(g -> out.add(rollout.targets.get(g)));
    }
    return out;
  }

  private void end(Rollout rollout, Rollout.State state, String reason, Instant now) {
    rollout.moveTo(state, now);
    rollout.reason = reason;
    rollout.log(now, state + ": " + reason);
    LOG.info(
        "{} ({} v{}) {}: {}", rollout.id, rollout.modelName, rollout.modelVersion, state, reason);
    if (state != Rollout.State.SUPERSEDED) {
      directory.all().forEach(g -> sendFleetModel(g.id(), now));
    }
  }

  /**
   * Sends a gateway outside every rollout the model its fleet runs (the newest rollout that
   * succeeded), unless it reports running it already.
   */
  private boolean sendFleetModel(String gatewayId, Instant now) {
    Optional<Rollout> fleet =
        rollouts.stream()
            .filter(r -> r.state == Rollout.State.SUCCEEDED)
            .max(Comparator.comparing(r -> r.startedAt));
    if (fleet.isEmpty()
        || fleet.get().targets.containsKey(gatewayId)
        || fleet.get().skipped.containsKey(gatewayId)) {
      return false;
    }
    Rollout rollout = fleet.get();
    Optional<GatewayDirectory.Gateway> gateway = directory.get(gatewayId);
    if (gateway.isEmpty()) {
      return false;
    }
    try {
      ModelPackager.Packaged pkg =
          packager.packageFor(
              rollout.modelName, rollout.modelVersion, gateway.get().status().getHardwareClass());
      Rollout.Target target = new Rollout.Target();
      target.gatewayId = gatewayId;
      target.ring = rollout.rings.size();
      target.hardwareClass = pkg.hardwareClass();
      target.deploy = pkg.ref();
      target.status = DeploymentStatus.DELIVERED;
      target.message = "joined after the rollout: sent the fleet's model";
      rollout.targets.put(gatewayId, target);
      rollout.log(now, gatewayId + " joined: sent v" + rollout.modelVersion);
      publish(record(rollout, target, target.deploy, now));
      return true;
    } catch (RuntimeException e) {
      LOG.warn(
          "could not send {} the fleet's model {} v{}: {}",
          gatewayId,
          rollout.modelName,
          rollout.modelVersion,
          e.toString());
      return false;
    }
  }

  private Deployment record(
      Rollout rollout, Rollout.Target target, Rollout.PackageRef pkg, Instant now) {
    Deployment deployment =
        Deployment.newBuilder()
            .setEventId(UUID.randomUUID().toString())
            .setEventTime(now)
            .setRolloutId(rollout.id)
            .setGatewayId(target.gatewayId)
            .setModelName(rollout.modelName)
            .setModelVersion(pkg.modelVersion())
            .setPreviousVersion(rollout.previousVersion)
            .setPackageSha256(pkg.sha256())
            .setPackageUrl(pkg.url())
            .setSignature(pkg.signature())
            .setRing(target.ring)
            .setStatus(target.status)
            .setMessage(target.message)
            // Only a desired state that says so may send a gateway to an older version:
            // deploy-service says so when it knowingly sends one older than the gateway reports
            // running.
            .setRollback(
                pkg.equals(target.rollback) && !pkg.equals(target.deploy)
                    || pkg.modelVersion()
                        < runningVersion(target.gatewayId, rollout.modelName)
                            .orElse(Integer.MIN_VALUE))
            .build();
    deploymentLog.record(deployment);
    return deployment;
  }

  private void publish(Deployment deployment) {
    lastSent.put(deployment.getGatewayId(), clock.instant());
    desired.publish(deployment);
  }

  /** The version of the model the gateway last reported running. */
  private Optional<Integer> runningVersion(String gatewayId, String modelName) {
    return directory
        .get(gatewayId)
        .map(GatewayDirectory.Gateway::status)
        .filter(s -> modelName.equals(s.getModelName()) && s.getModelVersion() != null)
        .map(s -> s.getModelVersion());
  }

  private List<Rollout> active(String modelName) {
    return rollouts.stream()
        .filter(r -> r.modelName.equals(modelName) && r.state.active())
        .toList();
  }

  private Rollout require(String id, Rollout.State... allowed) {
    Rollout rollout =
        rollouts.stream()
            .filter(r -> r.id.equals(id))
            .findFirst()
            .orElseThrow(() -> new RolloutNotFoundException(id));
    if (!List.of(allowed).contains(rollout.state)) {
      throw new IllegalStateException(
          id + " is " + rollout.state + "; this needs it to be one of " + List.of(allowed));
    }
    return rollout;
  }

  private void save() {
    saver.accept(List.copyOf(rollouts));
  }

  public synchronized List<Rollout> rollouts() {
    return List.copyOf(rollouts);
  }

  public synchronized Optional<Rollout> rollout(String id) {
    return rollouts.stream().filter(r -> r.id.equals(id)).findFirst();
  }

  public GatewayDirectory directory() {
    return directory;
  }

  /** Compares dotted versions numerically (1.10.0 &gt; 1.9.2); a missing part counts as 0. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("[.-]");
    String[] y = b.split("[.-]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp = Integer.compare(part(x, i), part(y, i));
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static int part(String[] parts, int i) {
    if (i >= parts.length) {
      return 0;
    }
    try {
      return Integer.parseInt(parts[i]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** No rollout has this id. */
  public static final class RolloutNotFoundException extends RuntimeException {
    public RolloutNotFoundException(String id) {
      super("no rollout " + id);
    }
  }
}
