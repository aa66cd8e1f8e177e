package io.pumpops.training.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.util.List;

/**
 * {@code pumpops.training.*}; application.yml documents each key and says why the defaults.
 *
 * @param models the models this service trains (each on the whole fleet's telemetry)
 * @param lookback how much telemetry a scheduled, manual or data-arrived run trains on
 * @param minNewRecords readings since a model's latest version that make data-arrived retrain it
 * @param dataArrivedMinInterval fewest time between two data-arrived runs of one model
 * @param scheduleEvery a scheduled run of every model this often; PT0S turns the schedule off
 * @param retryAttempts tries of a run that fails on the registry or Kafka (not on its data)
 * @param retryBackoff wait before the second try; the n-th waits n times as long
 * @param groundTruth a ground-truth file (the simulator's format) whose labelled periods are kept
 *     out of training and scored in evaluation; empty for none
 * @param driftLimitMargin how far past its largest healthy block-to-rest values a feature's drift
 *     limits are set (DriftCalibration); the limits go into each model's reference profile
 * @param controlLimit how the limits are read off the training values: empirical or
 *     scaled-chi-square
 * @param modelFamilies the candidate model families, in order of preference (regression-residuals,
 *     pca-t2-q, similarity); with more than one, each run chooses by validation; absent:
 *     regression-residuals alone
 * @param validationShare the share of the fitting span, at its end, on which the families are
 *     compared
 * @param memorySize the similarity family's memory of healthy windows
 * @param ridge the regression-residuals family's ridge on the standardised covariance
 * @param driftReferenceSpan the data after a change that a drift-triggered run trains on (and waits
 *     for)
 * @param driftDataMaxWait how long (wall clock) a drift-triggered run waits for that data before it
 *     trains on what has arrived
 * @param maxWindows the most feature windows a run keeps from its replay, a sample stable under
 *     replay (PumpWindows); bounds the run's memory; 0 keeps every window
 * @param driftRelations features the reference profile judges given another ({@code target|given});
 *     absent, feature-stream's default (pressure given flow); empty, none
 * @param pumpBaselineWindows the fewest fitting windows (minutes) a pump needs to be judged against
 *     its own baseline (ADR 21); absent or 0, every pump against the fleet's figures
 */
@ConfigurationProperties("pumpops.training")
public record TrainingProperties(
    String groupId,
    List<String> models,
    Duration lookback,
    long minNewRecords,
    Duration dataArrivedMinInterval,
    Duration scheduleEvery,
    int minRows,
    double maxNanShare,
    double holdoutShare,
    double varianceToKeep,
    double limitQuantile,
    @Nullable String controlLimit,
    @Nullable List<String> modelFamilies,
    @Nullable Double validationShare,
    @Nullable Integer memorySize,
    @Nullable Double ridge,
    long seed,
    double maxFalseAlarmRate,
    double falseAlarmMargin,
    double f1Margin,
    @Nullable Double maxFalseAlarmsPerPumpDay,
    boolean autoPromote,
    String registryUrl,
    @Nullable String registryToken,
    Duration replayTimeout,
    String groundTruth,
    int retryAttempts,
    Duration retryBackoff,
    String alarmPolicy,
    double driftLimitMargin,
    Duration driftReferenceSpan,
    Duration driftDataMaxWait,
    int maxWindows,
    @Nullable List<String> driftRelations,
    @Nullable Integer pumpBaselineWindows) {}
