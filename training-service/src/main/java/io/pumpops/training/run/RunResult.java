package io.pumpops.training.run;

/**
 * How a run ended.
 *
 * @param version the registered version, or null when the run registered nothing
 * @param promoted whether the run moved the champion alias to its version
 * @param message the gate's reason, or why the run failed
 * @param retryable the run failed on something outside its data (registry or Kafka unreachable), so
 *     running it again later may succeed; a data gate's refusal is not retryable
 */
public record RunResult(
    String runId,
    String modelName,
    boolean succeeded,
    Integer version,
    boolean promoted,
    String message,
    boolean retryable) {}
