package io.pumpops.edge.model;

import io.pumpops.modelpackage.PackageRejectedException;
import io.pumpops.modelpackage.PackageRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one package within a {@link DownloadPolicy}: the body is counted as it arrives and the
 * transfer cancelled past the size bound, and the whole exchange, headers to last byte, must end
 * within the timeout. The caller's thread waits at most that long, whatever the server does.
 */
final class BoundedDownload {

  private final HttpClient http;
  private final DownloadPolicy policy;

  BoundedDownload(HttpClient http, DownloadPolicy policy) {
    this.http = http;
    this.policy = policy;
  }

  byte[] fetch(String url) throws PackageRejectedException, InterruptedException {
    String refusal = policy.refusal(url);
    if (refusal != null) {
      throw new PackageRejectedException(Reason.URL_NOT_ALLOWED, refusal);
    }
    CompletableFuture<HttpResponse<byte[]>> response =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(url)).timeout(policy.timeout()).GET().build(),
            info ->
                info.statusCode() == 200
                    ? new Capped(policy.maxPackageBytes())
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
    try {
      HttpResponse<byte[]> answer =
          response.get(policy.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (answer.statusCode() != 200) {
        throw new PackageRejectedException(
            Reason.DOWNLOAD_FAILED, "GET " + url + " answered " + answer.statusCode());
      }
      return answer.body();
    } catch (TimeoutException e) {
      response.cancel(true);
      throw new PackageRejectedException(
          Reason.DOWNLOAD_FAILED,
          "no complete package from " + url + " within " + policy.timeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TooLarge) {
        throw new PackageRejectedException(
            Reason.TOO_LARGE,
            "the package from " + url + " is larger than " + policy.maxPackageBytes() + " bytes");
      }
      throw new PackageRejectedException(
          Reason.DOWNLOAD_FAILED, "GET " + url + " failed: " + cause);
    }
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("package too large", null, false, false);
    }
  }

  /** Collects the body, and gives up (cancelling the transfer) once it passes the bound. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Capped(long max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : buffers) {
        if (body.size() + (long) buffer.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        body.writeBytes(bytes);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(body.toByteArray());
    }
  }
}
