package io.pumpops.edge.model;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Where a gateway fetches packages from and how much it takes: http(s) only, from the configured
 * hosts only (a name matches any port, {@code host:port} that port only), at most {@code
 * maxPackageBytes} downloaded and {@code maxUnpackedBytes} unpacked, all within {@code timeout}. A
 * slow or endless server costs a gateway one timeout, never its update thread.
 *
 * @param allowedHosts {@code PUMPOPS_EDGE_PACKAGE_HOSTS}, comma-separated
 */
public record DownloadPolicy(
    List<String> allowedHosts, long maxPackageBytes, long maxUnpackedBytes, Duration timeout) {

  public DownloadPolicy {
    allowedHosts =
        allowedHosts.stream()
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .toList();
  }

  /**
   * Loopback only (deploy-service on the same box, as in the demo), 8 MiB, 16 MiB unpacked, two
   * minutes.
   */
  public static DownloadPolicy defaults() {
    return new DownloadPolicy(
        List.of("127.0.0.1", "localhost"),
        8L * 1024 * 1024,
        16L * 1024 * 1024,
        Duration.ofMinutes(2));
  }

  /** Why the URL may not be fetched, or null when it may. */
  public String refusal(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "'" + url + "' is not a URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "only http and https packages are fetched, not "
          + (scheme.isEmpty() ? "'" + url + "'" : scheme + ":");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    for (String allowed : allowedHosts) {
      if (allowed.equals(host) || allowed.equals(host + ":" + port)) {
        return null;
      }
    }
    return "host "
        + host
        + ":"
        + port
        + " is not one of the package hosts "
        + allowedHosts
        + " (PUMPOPS_EDGE_PACKAGE_HOSTS)";
  }
}
