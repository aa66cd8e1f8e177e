package io.pumpops.features.window;

import io.pumpops.features.FeatureSpec;
import io.pumpops.features.FeatureSpec.CrossFeature;
import io.pumpops.features.FeatureSpec.Statistic;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything needed to compute one pump's features over one window: a {@link ChannelAggregate} per
 * channel and per cross-channel feature. Readings may arrive in any order; aggregates of parts of a
 * window merge into the aggregate of the whole.
 */
public final class WindowAggregate {

  private static final byte FORMAT_VERSION = 1;
  private static final double FLOW_NEAR_ZERO = 1e-6;

  private static final long NO_ORIGIN = Long.MIN_VALUE;

  private long originMillis;
  private final Map<String, ChannelAggregate> aggregates = new TreeMap<>();
  private long readings;

  /**
   * @param originMillis time origin of the aggregate's slope arithmetic, normally the window start
   */
  public WindowAggregate(long originMillis) {
    this.originMillis = originMillis;
  }

  /**
   * An aggregate whose time origin is its first reading's event time, for callers that do not know
   * the window start (a Kafka Streams aggregator). The origin changes only rounding, far below any
   * tolerance: slope, mean and the rest are origin-free quantities.
   */
  public WindowAggregate() {
    this(NO_ORIGIN);
  }

  public long originMillis() {
    return originMillis;
  }

  /** Readings added (directly or by merge). */
  public long readings() {
    return readings;
  }

  /** Adds one reading: its channels, and the cross-channel features it allows. */
  public void add(long eventTimeMillis, Map<String, Double> channels) {
    if (originMillis == NO_ORIGIN) {
      originMillis = eventTimeMillis;
    }
    readings++;
    double t = (eventTimeMillis - originMillis) / 1000.0;
    channels.forEach((channel, value) -> aggregate(channel).add(t, value));
    Double flow = channels.get("flowRate");
    Double pressure = channels.get("pressure");
    Double current = channels.get("current");
    if (flow != null && pressure != null) {
      aggregate(CrossFeature.HYDRAULIC_POWER.featureName())
          .add(t, pressure * 1e5 * flow / 60_000.0);
    }
    if (flow != null && current != null && Math.abs(flow) > FLOW_NEAR_ZERO) {
      aggregate(CrossFeature.CURRENT_PER_FLOW.featureName()).add(t, current / flow);
    }
  }

  /** Adds everything of another aggregate into this one. */
  public void merge(WindowAggregate other) {
    if (other.readings == 0) {
      return;
    }
    if (originMillis == NO_ORIGIN) {
      originMillis = other.originMillis;
    }
    double shift = (other.originMillis - originMillis) / 1000.0;
    other.aggregates.forEach((name, aggregate) -> aggregate(name).merge(aggregate, shift));
    readings += other.readings;
  }

  private ChannelAggregate aggregate(String name) {
    return aggregates.computeIfAbsent(name, n -> new ChannelAggregate());
  }

  /**
   * The features the spec names, in its order. A channel with no values in the window gives NaN for
   * every statistic but {@code count} (0), so a model's validation can tell "missing" apart.
   */
  public Map<String, Double> features(FeatureSpec spec) {
    Map<String, Double> features = new LinkedHashMap<>();
    for (String channel : spec.channels()) {
      ChannelAggregate a = aggregates.getOrDefault(channel, new ChannelAggregate());
      for (Statistic statistic : spec.statistics()) {
        features.put(channel + "." + statistic.suffix(), value(a, statistic));
      }
    }
    for (CrossFeature cross : spec.crossFeatures()) {
      ChannelAggregate a = aggregates.getOrDefault(cross.featureName(), new ChannelAggregate());
      features.put(cross.featureName() + "." + Statistic.MEAN.suffix(), a.mean());
      features.put(cross.featureName() + "." + Statistic.STD.suffix(), a.std());
    }
    return features;
  }

  /** The features as a vector in the spec's order: the model's input. */
  public double[] vector(FeatureSpec spec) {
    return features(spec).values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double value(ChannelAggregate a, Statistic statistic) {
    return switch (statistic) {
      case MEAN -> a.mean();
      case STD -> a.std();
      case MIN -> a.min();
      case MAX -> a.max();
      case RMS -> a.rms();
      case SLOPE -> a.slopePerSecond();
      case LAST -> a.last();
      case COUNT -> a.count();
    };
  }

  /** A compact, deterministic binary form (for state stores and changelogs). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(originMillis);
      out.writeLong(readings);
      out.writeInt(aggregates.size());
      for (Map.Entry<String, ChannelAggregate> entry : aggregates.entrySet()) {
        out.writeUTF(entry.getKey());
        for (double d : entry.getValue().state()) {
          out.writeDouble(d);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #toBytes()} wrote. */
  public static WindowAggregate fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "WindowAggregate bytes have format " + format + ", this code reads " + FORMAT_VERSION);
      }
      WindowAggregate window = new WindowAggregate(in.readLong());
      window.readings = in.readLong();
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        double[] state = new double[10];
        for (int j = 0; j < state.length; j++) {
          state[j] = in.readDouble();
        }
        window.aggregates.put(name, ChannelAggregate.fromState(state));
      }
      return window;
    } catch (IOException e) {
      throw new IllegalArgumentException("WindowAggregate bytes are truncated or corrupt", e);
    }
  }
}
