package io.pumpops.training.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RebuildJobsTest {

  private final AtomicInteger ids = new AtomicInteger();
  private final RebuildJobs<String> jobs =
      new RebuildJobs<>(2, () -> "run-" + ids.incrementAndGet());

  @Test
  void aVersionWhoseRebuildHasNotFinishedIsAnsweredWithThatRebuild() {
    CompletableFuture<String> first = new CompletableFuture<>();
    AtomicInteger started = new AtomicInteger();

    RebuildJobs.Submitted submitted = jobs.submit("pump-anomaly", 2, id -> start(started, first));
    RebuildJobs.Submitted again =
        jobs.submit("pump-anomaly", 2, id -> start(started, new CompletableFuture<>()));
    RebuildJobs.Submitted other =
        jobs.submit("pump-anomaly", 3, id -> start(started, new CompletableFuture<>()));

    assertThat(submitted).isEqualTo(new RebuildJobs.Submitted("run-1", false));
    assertThat(again)
        .as("the same rebuild, not a second one")
        .isEqualTo(new RebuildJobs.Submitted("run-1", true));
    assertThat(other.runId()).isEqualTo("run-2");
    assertThat(started).hasValue(2);

    first.complete("reproduced");
    RebuildJobs.Submitted afterwards =
        jobs.submit("pump-anomaly", 2, id -> start(started, new CompletableFuture<>()));
    assertThat(afterwards)
        .as("once finished, a version may be rebuilt again")
        .isEqualTo(new RebuildJobs.Submitted("run-3", false));
  }

  @Test
  void aFailedRebuildFreesItsVersionAndOnlyTheLatestAreKept() {
    CompletableFuture<String> failing = new CompletableFuture<>();
    jobs.submit("m", 1, id -> failing);
    failing.completeExceptionally(new IllegalStateException("replay failed"));
    assertThat(jobs.submit("m", 1, id -> new CompletableFuture<>()).alreadyQueued()).isFalse();

    jobs.submit("m", 2, id -> new CompletableFuture<>());
    assertThat(jobs.get("run-1")).as("the eldest of more than two").isEmpty();
    assertThat(jobs.get("run-2")).isPresent();
    assertThat(jobs.get("run-3")).isPresent();
  }

  private static CompletableFuture<String> start(
      AtomicInteger started, CompletableFuture<String> job) {
    started.incrementAndGet();
    return job;
  }
}
