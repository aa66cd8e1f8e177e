package io.pumpops.schemas.modelregistry;

/**
 * The model aliases the loop acts on, named once. An alias is a registry pointer to one version of
 * a model; moving {@link #CHAMPION} is what rolls a model out (mlops.model-promoted).
 */
public final class Aliases {

  /** The version that serves: the gateways run it and drift is measured against its profile. */
  public static final String CHAMPION = "champion";

  /** The version a training run registered last, whether or not the gate let it serve. */
  public static final String CHALLENGER = "challenger";

  private Aliases() {}
}
