package io.pumpops.modelpackage.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

  @Test
  void aTwoByTwoMatrixHasItsHandComputedEigenpairs() {
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, −1)/√2.
    SymmetricEigen eigen = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});

    assertThat(eigen.values()).containsExactly(new double[] {3, 1}, within(1e-12));
    double r = Math.sqrt(0.5);
    assertThat(eigen.vectors()[0]).containsExactly(new double[] {r, r}, within(1e-12));
    assertThat(Math.abs(eigen.vectors()[1][0])).isCloseTo(r, within(1e-12));
    assertThat(eigen.vectors()[1][0] + eigen.vectors()[1][1]).isCloseTo(0, within(1e-12));
  }

  @Test
  void everyPairSatisfiesAvEqualsLambdaVAndTheVectorsAreOrthonormal() {
    double[][] a = {{4, 1, 0.5, 0}, {1, 3, 0.2, 0.1}, {0.5, 0.2, 2, 0.3}, {0, 0.1, 0.3, 1}};
    SymmetricEigen eigen = SymmetricEigen.of(a);

    for (int k = 0; k < 4; k++) {
      double[] v = eigen.vectors()[k];
      for (int i = 0; i < 4; i++) {
        double av = 0;
        for (int j = 0; j < 4; j++) {
          av += a[i][j] * v[j];
        }
        assertThat(av).isCloseTo(eigen.values()[k] * v[i], within(1e-10));
      }
      for (int m = 0; m < 4; m++) {
        double dot = 0;
        for (int i = 0; i < 4; i++) {
          dot += v[i] * eigen.vectors()[m][i];
        }
        assertThat(dot).isCloseTo(k == m ? 1 : 0, within(1e-10));
      }
    }
    assertThat(eigen.values()).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    assertThat(eigen.values()[0] + eigen.values()[1] + eigen.values()[2] + eigen.values()[3])
        .as("trace")
        .isCloseTo(10, within(1e-10));
  }
}
