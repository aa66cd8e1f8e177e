package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Lineage's trainingConfig names a family and its settings; reading it back gives the same family
 * and settings.
 */
class ModelFamilyTest {

  private static final List<String> FEATURES = List.of("a", "b", "c");

  @Test
  void eachFamilysSettingsSurviveTheRoundTripThroughLineage() {
    List<ModelFamily> families =
        List.of(
            PcaAnomalyModel.Settings.defaults(),
            new PcaAnomalyModel.Settings(0.8, 0.99, ControlLimit.SCALED_CHI_SQUARE),
            SimilarityAnomalyModel.Settings.defaults(),
            new SimilarityAnomalyModel.Settings(40, 0.999, ControlLimit.SCALED_CHI_SQUARE),
            RegressionResidualModel.Settings.defaults(),
            new RegressionResidualModel.Settings(0.5, 0.9999, ControlLimit.SCALED_CHI_SQUARE));

    for (ModelFamily family : families) {
      assertThat(ModelFamily.fromConfig(family.asConfig())).isEqualTo(family);
      assertThat(family.asConfig()).containsEntry(ModelFamily.KEY, family.name());
    }
  }

  @Test
  void pcaLineageWrittenBeforeFamiliesReadsAsBefore() {
    // The keys every PCA lineage has carried since the first model: no controlLimit means
    // empirical.
    Map<String, String> old =
        Map.of("modelFamily", "pca-t2-q", "varianceToKeep", "0.9", "limitQuantile", "0.995");

    assertThat(ModelFamily.fromConfig(old))
        .isEqualTo(new PcaAnomalyModel.Settings(0.9, 0.995, ControlLimit.EMPIRICAL));
    assertThat(PcaAnomalyModel.Settings.defaults().asConfig()).isEqualTo(old);
  }

  @Test
  void aFamilyNamedAloneTakesItsDefaultsAndAnUnknownOneIsRefusedWithTheKnownOnes() {
    assertThat(ModelFamily.defaults("similarity"))
        .isEqualTo(SimilarityAnomalyModel.Settings.defaults());
    assertThat(ModelFamily.defaults("pca-t2-q")).isEqualTo(PcaAnomalyModel.Settings.defaults());
    assertThat(ModelFamily.defaults("regression-residuals"))
        .isEqualTo(RegressionResidualModel.Settings.defaults());
    assertThat(ModelFamily.KNOWN).containsExactly("pca-t2-q", "similarity", "regression-residuals");
    assertThatThrownBy(() -> ModelFamily.defaults("autoencoder"))
        .hasMessageContaining("unknown model family 'autoencoder'")
        .hasMessageContaining("similarity");
  }

  @Test
  void oneConfigurationSetsEachFamilysOwnKeysAndTheSharedLimits() {
    Map<String, String> settings =
        Map.of(
            "limitQuantile",
            "0.999999",
            "controlLimit",
            "scaled-chi-square",
            "varianceToKeep",
            "0.8",
            "memorySize",
            "50",
            "ridge",
            "0.2");

    assertThat(ModelFamily.configured("pca-t2-q", settings))
        .isEqualTo(new PcaAnomalyModel.Settings(0.8, 0.999999, ControlLimit.SCALED_CHI_SQUARE));
    assertThat(ModelFamily.configured("similarity", settings))
        .isEqualTo(
            new SimilarityAnomalyModel.Settings(50, 0.999999, ControlLimit.SCALED_CHI_SQUARE));
    assertThat(ModelFamily.configured("regression-residuals", Map.of("limitQuantile", "0.99")))
        .isEqualTo(new RegressionResidualModel.Settings(0.01, 0.99, ControlLimit.EMPIRICAL));
    assertThatThrownBy(() -> ModelFamily.configured("autoencoder", settings))
        .hasMessageContaining("known: pca-t2-q");
  }

  @Test
  void fittingThroughTheFamilyGivesTheFamilysModelAndItsScoresAreRelativeToItsLimit() {
    List<double[]> rows = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 400; i++) {
      double x = random.nextGaussian();
      rows.add(new double[] {x, 2 * x + 0.1 * random.nextGaussian(), random.nextGaussian()});
    }
    double[] broken = {2, -4, 0};

    for (ModelFamily family :
        List.of(
            PcaAnomalyModel.Settings.defaults(),
            SimilarityAnomalyModel.Settings.defaults(),
            RegressionResidualModel.Settings.defaults())) {
      AnomalyModel model = family.fit(FEATURES, rows);
      assertThat(model.family()).isEqualTo(family.name());
      assertThat(model.featureNames()).isEqualTo(FEATURES);
      assertThat(model.anomalous(broken)).as(family.name()).isTrue();
      assertThat(model.scoreOf(broken)).isGreaterThan(1);
      long flagged = rows.stream().filter(model::anomalous).count();
      assertThat(flagged)
          .as("%s flags its own rows at about 1 - limitQuantile", family.name())
          .isLessThan(20);
      assertThat(model.summary())
          .isNotEmpty()
          .allSatisfy((name, value) -> assertThat(value).isFinite());
    }
  }
}
