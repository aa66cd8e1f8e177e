package io.pumpops.registry.log;

/** The registry log could not be written or read; the change was not made. Worth a retry. */
public final class RegistryLogUnavailableException extends RuntimeException {

  public RegistryLogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
