package io.pumpops.deploy.packaging;

import io.pumpops.deploy.rollout.Rollout;
import io.pumpops.modelpackage.ModelPackage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed package of a model version for a gateway's hardware class: built once from the
 * registered model, stored by hash, served from {@code GET /packages/{sha}}. Packaging is
 * deterministic, so the package of an earlier champion is byte for byte the one its gateways still
 * hold: a rollback to it is recognised by the gateway as its previous model.
 */
public final class ModelPackager {

  private static final Logger LOG = LoggerFactory.getLogger(ModelPackager.class);

  /** Where a registered version's model, profile and FeatureSpec come from (the model registry). */
  @FunctionalInterface
  public interface ModelSources {
    PackageBuilder.ModelSource fetch(String modelName, int version);
  }

  /** A built package: what a gateway is sent, and what it must have to run it. */
  public record Packaged(
      Rollout.PackageRef ref, String hardwareClass, String minOnnxRuntimeVersion) {}

  private final ModelSources sources;
  private final PackageBuilder builder;
  private final PackageStore store;
  private final Map<String, TargetProfile> targets;
  private final String defaultTarget;
  private final String packageBaseUrl;
  private final Map<String, Packaged> built = new ConcurrentHashMap<>();

  /**
   * @param defaultTarget the profile for a gateway whose hardware class has none of its own
   * @param packageBaseUrl where gateways reach {@code /packages/{sha}} (deploy-service's public
   *     URL)
   */
  public ModelPackager(
      ModelSources sources,
      PackageBuilder builder,
      PackageStore store,
      List<TargetProfile> targets,
      String defaultTarget,
      String packageBaseUrl) {
    this.sources = sources;
    this.builder = builder;
    this.store = store;
    this.targets =
        targets.stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    TargetProfile::hardwareClass, t -> t));
    if (!this.targets.containsKey(defaultTarget)) {
      throw new IllegalArgumentException(
          "the default target '"
              + defaultTarget
              + "' is not among the targets "
              + this.targets.keySet());
    }
    this.defaultTarget = defaultTarget;
    this.packageBaseUrl = packageBaseUrl.replaceAll("/+$", "");
  }

  /**
   * The target profile a gateway of this hardware class gets: its own, or the default target's
   * session options under the gateway's class, since a gateway refuses a package built for another
   * class.
   */
  public TargetProfile targetFor(String hardwareClass) {
    TargetProfile own = targets.get(hardwareClass);
    return own != null
        ? own
        : new TargetProfile(hardwareClass, targets.get(defaultTarget).sessionOptions());
  }

  public Packaged packageFor(String modelName, int version, String hardwareClass) {
    TargetProfile target = targetFor(hardwareClass);
    return built.computeIfAbsent(
        modelName + "\u0000" + version + "\u0000" + target.hardwareClass(),
        key -> {
          PackageBuilder.ModelSource source = sources.fetch(modelName, version);
          ModelPackage.Built pkg = builder.build(source, target);
          store.put(pkg);
          LOG.info(
              "packaged {} v{} for {}: {}",
              modelName,
              version,
              target.hardwareClass(),
              pkg.sha256());
          return new Packaged(
              new Rollout.PackageRef(
                  version,
                  pkg.sha256(),
                  packageBaseUrl + "/packages/" + pkg.sha256(),
                  pkg.signature()),
              target.hardwareClass(),
              pkg.manifest().minOnnxRuntimeVersion());
        });
  }
}
