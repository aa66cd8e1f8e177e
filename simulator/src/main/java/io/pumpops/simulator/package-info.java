/**
 * The pump simulator behind {@code pumpops simulate}: sensors that publish JSON telemetry over
 * MQTT, either replaying real SKAB pump recordings ({@link io.pumpops.simulator.SkabRecording}) or
 * from a synthetic centrifugal pump ({@link io.pumpops.simulator.SyntheticPump}) whose faults and
 * drifts are injected at known times and written to a ground-truth log, so anomaly and drift
 * detection can be tested against what really happened.
 */
package io.pumpops.simulator;
