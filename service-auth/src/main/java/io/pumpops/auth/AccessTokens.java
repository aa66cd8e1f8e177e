package io.pumpops.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens a service accepts, each naming its actor and roles. Configured as entries
 * {@code actor:role[+role]=token}, for example {@code alice:operator=…} or {@code
 * training-service:service=…}; a malformed entry is refused at start-up, naming the entry but never
 * the token.
 */
public final class AccessTokens {

  /** Tokens shorter than this are refused: a guessable token is no authentication. */
  static final int MIN_TOKEN_LENGTH = 16;

  private record Entry(byte[] token, Caller caller) {}

  private final List<Entry> entries;

  private AccessTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static AccessTokens parse(List<String> configured) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : configured == null ? List.<String>of() : configured) {
      int eq = raw.indexOf('=');
      int colon = raw.indexOf(':');
      if (eq < 0 || colon < 0 || colon > eq) {
        throw new IllegalArgumentException(
            "pumpops.auth.tokens entry '"
                + actorPart(raw)
                + "…' is not actor:role[+role]=token (token hidden)");
      }
      String actor = raw.substring(0, colon).trim();
      String token = raw.substring(eq + 1).trim();
      if (actor.isEmpty()) {
        throw new IllegalArgumentException("pumpops.auth.tokens has an entry without an actor");
      }
      if (token.length() < MIN_TOKEN_LENGTH) {
        throw new IllegalArgumentException(
            "the token of '"
                + actor
                + "' in pumpops.auth.tokens is shorter than "
                + MIN_TOKEN_LENGTH
                + " characters");
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (String role : raw.substring(colon + 1, eq).split("\\+")) {
        roles.add(Role.parse(role));
      }
      entries.add(new Entry(token.getBytes(StandardCharsets.UTF_8), new Caller(actor, roles)));
    }
    return new AccessTokens(entries);
  }

  private static String actorPart(String raw) {
    int cut = raw.indexOf('=');
    return (cut < 0 ? raw.substring(0, Math.min(raw.length(), 3)) : raw.substring(0, cut)).trim();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The caller a token belongs to; every entry is compared in constant time, so timing tells
   * nothing.
   */
  public Optional<Caller> caller(String token) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    Caller found = null;
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(given, entry.token())) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }
}
