package io.pumpops.bench.evaluate;

/**
 * One channel seen as a level that wanders (a random walk) under reading noise: the local-level
 * model of structural time series, fitted by maximum likelihood on the fitting rows. What it adds
 * to a mean and a standard deviation is how fast the level wanders, so a channel that drifts in
 * healthy running (SKAB's rig warms through each recording) is allowed a spread that grows with the
 * time since the fit, while one that held still is judged tightly.
 *
 * @param level the level at the last fitting row
 * @param levelVariance the uncertainty of that level
 * @param driftVariance how far the level wanders per row (variance of one step)
 * @param noiseVariance the reading noise around the level
 */
public record LocalLevel(
    double level, double levelVariance, double driftVariance, double noiseVariance) {

  /**
   * The ratios of drift to noise variance the fit chooses from: 25 steps from 10⁻⁶ (a level that
   * holds still) to 1 (a level that moves as much per row as the noise), evenly spaced in log.
   */
  private static final int RATIOS = 25;

  /**
   * Fits by maximum likelihood: for each drift-to-noise ratio on a fixed grid, the Kalman filter's
   * one-step errors give the likelihood with the noise variance concentrated out; the best ratio
   * wins, ties to the stiller level. The first reading only starts the level, as a diffuse prior
   * would.
   *
   * @throws IllegalArgumentException for fewer than three readings, a non-finite one, or a channel
   *     that never moves (nothing to scale its deviations by)
   */
  public static LocalLevel fit(double[] readings) {
    if (readings.length < 3) {
      throw new IllegalArgumentException(
          "a local level needs at least 3 readings, got " + readings.length);
    }
    for (double reading : readings) {
      if (!Double.isFinite(reading)) {
        throw new IllegalArgumentException("a local level needs finite readings, got " + reading);
      }
    }
    LocalLevel best = null;
    double bestLikelihood = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < RATIOS; i++) {
      double ratio = Math.pow(10, -6 + 6.0 * i / (RATIOS - 1));
      // In units of the noise variance; the variance itself is estimated from the errors below.
      double level = readings[0];
      double variance = 1;
      double sumLogF = 0;
      double sumSquares = 0;
      for (int t = 1; t < readings.length; t++) {
        double predicted = variance + ratio;
        double f = predicted + 1;
        double error = readings[t] - level;
        double gain = predicted / f;
        level += gain * error;
        variance = predicted * (1 - gain);
        sumLogF += Math.log(f);
        sumSquares += error * error / f;
      }
      int n = readings.length - 1;
      double noise = sumSquares / n;
      if (!(noise > 0)) {
        throw new IllegalArgumentException("the channel never moves in the fitting rows");
      }
      double likelihood = -0.5 * (sumLogF + n * Math.log(noise));
      if (likelihood > bestLikelihood) {
        bestLikelihood = likelihood;
        best = new LocalLevel(level, variance * noise, ratio * noise, noise);
      }
    }
    return best;
  }

  /** How far the reading {@code rowsAhead} rows after the last fitting row lies, in its spread. */
  public double deviation(double reading, long rowsAhead) {
    return (reading - level) / Math.sqrt(levelVariance + rowsAhead * driftVariance + noiseVariance);
  }
}
