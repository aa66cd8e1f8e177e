package io.pumpops.modelpackage.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: slow for big matrices but
 * exact to rounding, dependency-free and, with a fixed sweep order and sign convention,
 * deterministic to the bit, which a reproducible model needs more than speed (pump models have
 * under a hundred features).
 *
 * @param values eigenvalues, largest first
 * @param vectors {@code vectors[i]} is the unit eigenvector of {@code values[i]}, its largest
 *     component positive
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

  private static final int MAX_SWEEPS = 100;

  public static SymmetricEigen of(double[][] symmetric) {
    int n = symmetric.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = Arrays.copyOf(symmetric[i], n);
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1;
    }
    for (int sweep = 0;
        sweep < MAX_SWEEPS && offDiagonal(a) > 1e-22 * Math.max(1, diagonal(a));
        sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -a[i][i]).thenComparingInt(i -> i));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      int column = order[k];
      values[k] = a[column][column];
      int largest = 0;
      for (int i = 0; i < n; i++) {
        vectors[k][i] = v[i][column];
        if (Math.abs(vectors[k][i]) > Math.abs(vectors[k][largest])) {
          largest = i;
        }
      }
      if (vectors[k][largest] < 0) {
        for (int i = 0; i < n; i++) {
          vectors[k][i] = -vectors[k][i];
        }
      }
    }
    return new SymmetricEigen(values, vectors);
  }

  /** One Jacobi rotation zeroing a[p][q] (Numerical Recipes' stable form). */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = a.length;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static double offDiagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        if (i != j) {
          sum += a[i][j] * a[i][j];
        }
      }
    }
    return sum;
  }

  private static double diagonal(double[][] a) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i][i] * a[i][i];
    }
    return sum;
  }
}
