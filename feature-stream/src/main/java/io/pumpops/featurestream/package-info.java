/**
 * feature-stream: Kafka Streams over {@code pump.telemetry}. {@link
 * io.pumpops.featurestream.FeatureTopology} computes each pump's windowed features with the {@code
 * features} library and emits one {@code PumpFeatures} per pump and window on {@code pump.features}
 * when the window closes.
 *
 * <p>Still to come (issue 4): rolling drift statistics against the champion's reference profile (a
 * GlobalKTable of promotions), data-arrived events, the Micronaut application around it.
 */
package io.pumpops.featurestream;
