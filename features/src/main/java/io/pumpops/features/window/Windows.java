package io.pumpops.features.window;

/**
 * Which windows an instant falls in: the one rule of window assignment for feature windows (a
 * {@code FeatureSpec}) and drift windows (a {@code DriftMonitoring}) alike, in feature-stream,
 * training and the edge. Windows are aligned to the epoch: a window of length {@code window} starts
 * at every multiple of {@code hop}, and holds the instants in [start, start + window).
 */
public final class Windows {

  private Windows() {}

  /** The start of the latest window holding the instant. */
  public static long lastStart(long timeMillis, long hopMillis) {
    return Math.floorDiv(timeMillis, hopMillis) * hopMillis;
  }

  /**
   * The start of the earliest window holding the instant: windows from here to {@link #lastStart}
   * in steps of {@code hop} all hold it (one window when tumbling, window / hop when hopping).
   */
  public static long firstStart(long timeMillis, long windowMillis, long hopMillis) {
    long last = lastStart(timeMillis, hopMillis);
    long behind = (windowMillis - 1) / hopMillis; // further windows still open at the instant
    long first = last - behind * hopMillis;
    // A window of exactly n hops that starts n hops back has ended just before the instant.
    return first + windowMillis <= timeMillis ? first + hopMillis : first;
  }
}
