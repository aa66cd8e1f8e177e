package io.pumpops.dashboard.api;

import io.micronaut.http.sse.Event;
import io.pumpops.dashboard.view.DashboardState;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Fans the view's updates out to every open page. Best effort per page: a browser that cannot keep
 * up misses updates rather than slowing the feed or the other pages (it reloads the snapshot when
 * it notices a gap in the sequence numbers).
 */
public final class UpdateStream implements Consumer<DashboardState.Update> {

  private final Sinks.Many<Event<String>> sink = Sinks.many().multicast().directBestEffort();
  private final AtomicInteger subscribers = new AtomicInteger();

  @Override
  public synchronized void accept(DashboardState.Update update) {
    // Synchronized: a Sink takes one emitter at a time.
    sink.tryEmitNext(Event.of(update.data().toString()).name(update.kind()));
  }

  public Flux<Event<String>> updates() {
    return sink.asFlux()
        .doOnSubscribe(s -> subscribers.incrementAndGet())
        .doFinally(s -> subscribers.decrementAndGet());
  }

  public int subscribers() {
    return subscribers.get();
  }
}
