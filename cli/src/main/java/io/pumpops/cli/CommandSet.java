package io.pumpops.cli;

import java.util.List;

/**
 * Subcommands another module adds to {@code pumpops}, found with {@link java.util.ServiceLoader}
 * when that module is on the class path.
 *
 * <p>Why a service rather than a compile-time list: the measuring commands ({@code bench}, {@code
 * evaluate}) run the services' own classes, and services' tests use this module, so this module
 * cannot depend on them without a cycle (ADR 16). One main class, {@link Pumpops}, still runs every
 * command; the launcher only chooses the class path.
 */
public interface CommandSet {

  /**
   * Picocli command objects (instances of {@code @Command} classes) to add under {@code pumpops}.
   */
  List<Object> commands();
}
