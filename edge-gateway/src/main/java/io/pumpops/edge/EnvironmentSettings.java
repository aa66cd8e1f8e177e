package io.pumpops.edge;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the gateway's {@code PUMPOPS_EDGE_*} variables. A malformed value is refused with an {@link
 * IllegalArgumentException} naming the variable, the value and what was expected, so a site
 * technician sees "PUMPOPS_EDGE_HTTP_PORT=80a is not a whole number" instead of a parser's stack
 * trace, and a typo never silently becomes a default ({@code "yes"} is not quietly false).
 */
final class EnvironmentSettings {

  private final Map<String, String> env;

  EnvironmentSettings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The value, or empty when unset or blank. */
  Optional<String> text(String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  Optional<Integer> integer(String name) {
    return text(name).map(value -> parseInteger(name, value));
  }

  int integer(String name, int fallback) {
    return integer(name).orElse(fallback);
  }

  Optional<Long> wholeNumber(String name) {
    return text(name).map(value -> parseLong(name, value));
  }

  long wholeNumber(String name, long fallback) {
    return wholeNumber(name).orElse(fallback);
  }

  /** An ISO-8601 duration such as {@code PT5S} or {@code PT2M}; negative durations are refused. */
  Optional<Duration> duration(String name) {
    return text(name).map(value -> parseDuration(name, value));
  }

  Duration duration(String name, Duration fallback) {
    return duration(name).orElse(fallback);
  }

  /** {@code true} or {@code false}, in any case; anything else is refused. */
  Optional<Boolean> flag(String name) {
    return text(name)
        .map(
            value ->
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw refused(name, value, "true or false");
                });
  }

  boolean flag(String name, boolean fallback) {
    return flag(name).orElse(fallback);
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    return text(name)
        .map(
            value -> {
              for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value)) {
                  return constant;
                }
              }
              throw refused(name, value, "one of " + Arrays.toString(type.getEnumConstants()));
            })
        .orElse(fallback);
  }

  /** A secret as given (not trimmed: a password may hold spaces); empty when unset or empty. */
  Optional<String> secret(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
  }

  /**
   * Entries separated by {@code separator}, trimmed, blanks dropped; empty when unset, an empty
   * list when set to nothing (so a list can be emptied on purpose).
   */
  Optional<List<String>> list(String name, String separator) {
    return Optional.ofNullable(env.get(name))
        .map(
            value ->
                Arrays.stream(value.split(separator))
                    .map(String::trim)
                    .filter(entry -> !entry.isEmpty())
                    .toList());
  }

  private static int parseInteger(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw refused(name, value, "a whole number");
    }
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw refused(name, value, "a whole number");
    }
  }

  private static Duration parseDuration(String name, String value) {
    Duration duration;
    try {
      duration = Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw refused(name, value, "an ISO-8601 duration such as PT5S, PT2M or PT1H");
    }
    if (duration.isNegative()) {
      throw refused(name, value, "a duration that is not negative");
    }
    return duration;
  }

  private static IllegalArgumentException refused(String name, String value, String expected) {
    return new IllegalArgumentException(name + "=" + value + " is not " + expected);
  }
}
