package io.pumpops.localstack.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops a child process when this JVM exits, however it exits short of SIGKILL: a normal end, an
 * uncaught error, Ctrl-C or SIGTERM. Without it a benchmark or test stopped by a signal leaves its
 * service JVMs running, holding ports and CPU (try-with-resources does not run on a signal). The
 * broker needs no hook: it ends when its lifeline pipe closes, which covers SIGKILL too.
 *
 * <p>{@link #close()} unregisters the hook, once the owner has stopped the process itself.
 */
public final class StopWithThisJvm implements AutoCloseable {

  private final Thread hook;

  private StopWithThisJvm(Thread hook) {
    this.hook = hook;
  }

  /**
   * @param grace how long the process has to stop after SIGTERM before it is killed
   */
  public static StopWithThisJvm register(Process process, String name, Duration grace) {
    Thread hook = new Thread(() -> stop(process, grace), "stop-" + name + "-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    return new StopWithThisJvm(hook);
  }

  /** SIGTERM, then SIGKILL if the process has not ended within the grace. */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs (or ran) anyway.
    }
  }
}
