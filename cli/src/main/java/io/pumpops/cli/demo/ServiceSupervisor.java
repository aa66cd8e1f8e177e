package io.pumpops.cli.demo;

import io.pumpops.localstack.process.ServiceProcess;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Watches the demo's service JVMs: one that died is reported on the console with its exit code and
 * its log, and started again on the same port (the others reach it there). A service that dies
 * {@value #MAX_RESTARTS} times within {@link #CRASH_WINDOW} is left down, saying so, rather than
 * restarted in a loop.
 */
final class ServiceSupervisor {

  static final int MAX_RESTARTS = 3;
  static final Duration CRASH_WINDOW = Duration.ofMinutes(5);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** Starts a service again; the supplier knows its module, port, environment and log. */
  interface Restart extends Supplier<ServiceProcess> {}

  private record Watched(
      ServiceProcess process, Restart restart, Deque<Instant> restarts, boolean givenUp) {}

  private final Map<String, Watched> watched = new LinkedHashMap<>();
  private final PrintStream out;
  private final Clock clock;

  ServiceSupervisor(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  synchronized void watch(String name, ServiceProcess process, Restart restart) {
    watched.put(name, new Watched(process, restart, new ArrayDeque<>(), false));
  }

  synchronized ServiceProcess process(String name) {
    return watched.get(name).process();
  }

  /** Looks at every service once; restarts what died. Returns how many were restarted. */
  synchronized int check() {
    int restarted = 0;
    for (Map.Entry<String, Watched> entry : watched.entrySet()) {
      String name = entry.getKey();
      Watched w = entry.getValue();
      if (w.givenUp() || w.process().isAlive()) {
        continue;
      }
      Instant now = clock.instant();
      while (!w.restarts().isEmpty()
          && w.restarts().peekFirst().isBefore(now.minus(CRASH_WINDOW))) {
        w.restarts().pollFirst();
      }
      String when = LocalTime.ofInstant(now, ZoneId.systemDefault()).format(TIME);
      if (w.restarts().size() >= MAX_RESTARTS) {
        out.printf(
            "%s  %-15s exited with code %d again, %d times in %s: left down; see %s%n",
            when, name, w.process().exitCode(), MAX_RESTARTS, CRASH_WINDOW, w.process().log());
        entry.setValue(new Watched(w.process(), w.restart(), w.restarts(), true));
        continue;
      }
      out.printf(
          "%s  %-15s exited with code %d; restarting it (log: %s)%n",
          when, name, w.process().exitCode(), w.process().log());
      try {
        ServiceProcess again = w.restart().get();
        w.restarts().addLast(now);
        entry.setValue(new Watched(again, w.restart(), w.restarts(), false));
        out.printf(
            "%s  %-15s up again at %s%n",
            LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME),
            name,
            again.baseUrl());
        restarted++;
      } catch (RuntimeException e) {
        w.restarts().addLast(now);
        out.printf("%s  %-15s could not be restarted: %s%n", when, name, e.getMessage());
      }
    }
    return restarted;
  }
}
