package io.pumpops.training.run;

/**
 * How a run ended.
 *
 * @param version the registered version, or null when the run registered nothing
 * @param promoted whether the run moved the champion alias to its version
 * @param message the gate's reason, or why the run failed
 */
public record RunResult(String runId, String modelName, boolean succeeded, Integer version, boolean promoted,
                        String message) {
}
