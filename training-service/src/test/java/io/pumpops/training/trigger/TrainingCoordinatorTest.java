package io.pumpops.training.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pumpops.schemas.avro.TrainingTrigger;
import io.pumpops.training.run.RunRequest;
import io.pumpops.training.run.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainingCoordinatorTest {

  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final TrainingCoordinator.Retry RETRY =
      new TrainingCoordinator.Retry(3, Duration.ofMillis(50));

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<RunRequest> ran = new CopyOnWriteArrayList<>();

  /** A runner that holds the first run until released, so triggers pile up behind it. */
  private RunResult hold(RunRequest request) {
    try {
      if (ran.isEmpty()) {
        ran.add(request);
        release.await(30, TimeUnit.SECONDS);
      } else {
        ran.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new RunResult(request.runId(), request.modelName(), true, 1, false, "ok", false);
  }

  @Test
  void anExclusiveJobWaitsForTheRunAheadOfItAndReportsItsFailure() throws Exception {
    try (TrainingCoordinator coordinator = new TrainingCoordinator(this::hold, List.of(), RETRY)) {
      coordinator.submit(drift("e1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
      CompletableFuture<Integer> rebuild = coordinator.exclusive(() -> ran.size());
      CompletableFuture<Integer> failing =
          coordinator.exclusive(
              () -> {
                throw new IllegalStateException("replay stalled");
              });

      assertThat(rebuild).isNotDone(); // one heavy job at a time: the run holds the worker
      release.countDown();

      assertThat(rebuild.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("replay stalled");
    }
  }

  @Test
  void triggersWhileARunWaitsAreCoalescedIntoIt() throws Exception {
    try (TrainingCoordinator coordinator = new TrainingCoordinator(this::hold, List.of(), RETRY)) {
      TrainingCoordinator.Submitted running = coordinator.submit(drift("e1"));
      await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 1);
      TrainingCoordinator.Submitted waiting = coordinator.submit(drift("e2"));
      TrainingCoordinator.Submitted folded = coordinator.submit(drift("e3"));
      release.countDown();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(waiting.runId()).isPresent());
      assertThat(running.admission()).isEqualTo(TrainingCoordinator.Admission.QUEUED);
      assertThat(waiting.admission()).isEqualTo(TrainingCoordinator.Admission.QUEUED);
      assertThat(folded.admission()).isEqualTo(TrainingCoordinator.Admission.COALESCED);
      assertThat(folded.runId()).isEqualTo(waiting.runId());
      assertThat(ran).hasSize(2);
      assertThat(ran.get(1).coalesced()).containsExactly("e3");
    }
  }

  @Test
  void aRunWhoseDataHasNotArrivedWaitsForItWhileOtherModelsTrainAndLaterTriggersJoinIt()
      throws Exception {
    release.countDown();
    java.util.concurrent.atomic.AtomicBoolean arrived =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger checks =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Predicate<RunRequest> ready =
        request -> {
          checks.incrementAndGet();
          return request.to() == null || arrived.get();
        };
    try (TrainingCoordinator coordinator =
        new TrainingCoordinator(
            this::hold, request -> {}, ready, Duration.ofMillis(20), List.of(), RETRY)) {
      RunRequest waitingForData =
          RunRequest.forEvent(
              "pump-anomaly",
              TrainingTrigger.DRIFT_DETECTED,
              "e1",
              FROM,
              FROM.plus(Duration.ofHours(2)));
      TrainingCoordinator.Submitted drift = coordinator.submit(waitingForData);
      TrainingCoordinator.Submitted other =
          coordinator.submit(
              RunRequest.forEvent("other-model", TrainingTrigger.DRIFT_DETECTED, "o1", FROM, null));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(other.runId()).isPresent());
      await().atMost(Duration.ofSeconds(10)).until(() -> checks.get() >= 3);
      assertThat(coordinator.result(drift.runId())).as("still waiting for its data").isEmpty();
      assertThat(coordinator.isActive(drift.runId())).isTrue();
      TrainingCoordinator.Submitted joined = coordinator.submit(drift("e2"));
      assertThat(joined.admission()).isEqualTo(TrainingCoordinator.Admission.COALESCED);

      arrived.set(true);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(drift.runId()).isPresent());
      assertThat(ran)
          .extracting(RunRequest::modelName)
          .containsExactly("other-model", "pump-anomaly");
      assertThat(ran.get(1).coalesced()).containsExactly("e2");
      assertThat(ran.get(1).to()).isEqualTo(FROM.plus(Duration.ofHours(2)));
    }
  }

  @Test
  void aRunIsAdmittedDurablyBeforeSubmitReturnsAndATriggerWhoseAdmissionFailedCanBeSubmittedAgain()
      throws Exception {
    release.countDown();
    List<String> admitted = new CopyOnWriteArrayList<>();
    boolean[] kafkaDown = {true};
    java.util.function.Consumer<RunRequest> recorder =
        request -> {
          if (kafkaDown[0]) {
            throw new IllegalStateException("Kafka unreachable");
          }
          admitted.add(request.runId());
        };
    try (TrainingCoordinator coordinator =
        new TrainingCoordinator(this::hold, recorder, List.of(), RETRY)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> coordinator.submit(drift("e1")))
          .isInstanceOf(TrainingCoordinator.AdmissionNotRecordedException.class);
      assertThat(coordinator.activeRuns()).isZero();

      kafkaDown[0] = false;
      TrainingCoordinator.Submitted retried = coordinator.submit(drift("e1"));

      assertThat(retried.admission()).isEqualTo(TrainingCoordinator.Admission.QUEUED);
      assertThat(admitted).containsExactly(retried.runId());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(retried.runId()).isPresent());
      assertThat(ran).hasSize(1);
    }
  }

  @Test
  void aRedeliveredOrPreviouslyAnsweredEventDoesNotTrainAgain() throws Exception {
    release.countDown();
    try (TrainingCoordinator coordinator =
        new TrainingCoordinator(this::hold, List.of("answered-before-restart"), RETRY)) {
      TrainingCoordinator.Submitted first = coordinator.submit(drift("e1"));
      TrainingCoordinator.Submitted again = coordinator.submit(drift("e1"));
      TrainingCoordinator.Submitted old = coordinator.submit(drift("answered-before-restart"));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(first.runId()).isPresent());
      assertThat(again.admission()).isEqualTo(TrainingCoordinator.Admission.ALREADY_ANSWERED);
      assertThat(old.admission()).isEqualTo(TrainingCoordinator.Admission.ALREADY_ANSWERED);
      assertThat(ran).hasSize(1);
    }
  }

  @Test
  void aRunThatFailedOnTheRegistryIsTriedAgainUnderTheSameIdAndADataGateIsNot() throws Exception {
    List<String> attempts = new CopyOnWriteArrayList<>();
    java.util.function.Function<RunRequest, RunResult> flaky =
        request -> {
          attempts.add(request.runId());
          boolean outage = request.triggerEventId().equals("outage") && attempts.size() < 3;
          boolean noData = request.triggerEventId().equals("no-data");
          return new RunResult(
              request.runId(),
              request.modelName(),
              !outage && !noData,
              null,
              false,
              outage ? "registry unreachable" : noData ? "too few windows" : "ok",
              outage);
        };
    try (TrainingCoordinator coordinator = new TrainingCoordinator(flaky, List.of(), RETRY)) {
      TrainingCoordinator.Submitted outage = coordinator.submit(drift("outage"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> coordinator.result(outage.runId()).map(RunResult::succeeded).orElse(false));
      TrainingCoordinator.Submitted noData = coordinator.submit(drift("no-data"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  coordinator.result(noData.runId()).isPresent()
                      && !coordinator.isActive(noData.runId()));

      assertThat(attempts)
          .containsExactly(outage.runId(), outage.runId(), outage.runId(), noData.runId());
      assertThat(coordinator.isActive(outage.runId())).isFalse();
    }
  }

  @Test
  void theSameEventAlwaysNamesTheSameRun() {
    assertThat(drift("e1").runId())
        .isEqualTo(drift("e1").runId())
        .isNotEqualTo(drift("e2").runId());
  }

  private static RunRequest drift(String eventId) {
    return RunRequest.forEvent("pump-anomaly", TrainingTrigger.DRIFT_DETECTED, eventId, FROM, null);
  }
}
