package io.pumpops.dashboard.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.sse.Event;
import io.pumpops.dashboard.view.DashboardState;
import java.net.URI;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The page's data: {@code /api/snapshot} is the whole view, {@code /api/updates} the changes as
 * server-sent events (each carrying a sequence number, so the page can drop what its snapshot
 * already holds), with a comment every 15 s so that proxies keep the stream open.
 */
@Controller
final class DashboardController {

  private final DashboardState state;
  private final UpdateStream updates;

  DashboardController(DashboardState state, UpdateStream updates) {
    this.state = state;
    this.updates = updates;
  }

  @Get("/")
  HttpResponse<?> index() {
    return HttpResponse.seeOther(URI.create("/index.html"));
  }

  @Get(value = "/api/snapshot", produces = MediaType.APPLICATION_JSON)
  String snapshot() {
    return state.snapshot().toString();
  }

  @Get(value = "/api/updates", produces = MediaType.TEXT_EVENT_STREAM)
  Publisher<Event<String>> updates() {
    Flux<Event<String>> keepAlive =
        Flux.interval(Duration.ofSeconds(15)).map(i -> Event.of("").comment("keep-alive"));
    return Flux.merge(updates.updates(), keepAlive);
  }
}
