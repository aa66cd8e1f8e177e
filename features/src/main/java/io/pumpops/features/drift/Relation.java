package io.pumpops.features.drift;

import java.util.Objects;

/**
 * One feature judged given another: drift is measured on what the reference's fit of {@code target}
 * on {@code given} leaves unexplained, not on the target alone.
 *
 * <p>Why: a pump's pressure follows its flow along the pump curve, and flow follows demand, which
 * wanders by the hour. Pressure on its own therefore spreads as widely as demand does, and a
 * reference that held one wide swing of demand gets limits that hide a pressure-sensor offset for
 * hours (fleet 13 of {@code bench drift}: 3 h 45). Pressure given flow spreads only as much as the
 * sensors' noise, whatever the demand, so an offset stands out in the first window that holds it.
 *
 * @param target the feature judged (for example {@code pressure.mean})
 * @param given the feature it is judged given (for example {@code flowRate.mean})
 */
public record Relation(String target, String given) {

  /** Separates the two names in a relation's name, which is also its drift statistics' feature. */
  public static final String SEPARATOR = "|";

  public Relation {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(given, "given");
    if (target.isBlank()
        || given.isBlank()
        || target.equals(given)
        || target.contains(SEPARATOR)
        || given.contains(SEPARATOR)) {
      throw new IllegalArgumentException(
          "a relation needs two different feature names without '"
              + SEPARATOR
              + "', was "
              + target
              + " given "
              + given);
    }
  }

  /** Parses {@code target|given}, the form configuration and drift statistics use. */
  public static Relation parse(String name) {
    int at = name.indexOf(SEPARATOR);
    if (at < 0) {
      throw new IllegalArgumentException(
          "a relation is written target" + SEPARATOR + "given, was " + name);
    }
    return new Relation(name.substring(0, at).trim(), name.substring(at + 1).trim());
  }

  /** {@code target|given}: the name its drift statistics carry as their feature. */
  public String name() {
    return target + SEPARATOR + given;
  }

  @Override
  public String toString() {
    return name();
  }
}
