package io.pumpops.deploy.packaging;

import io.pumpops.modelpackage.PackageManifest;

/**
 * A kind of gateway hardware and the ONNX Runtime session settings that suit it, parsed from {@code
 * hardwareClass=intraOpThreads,interOpThreads,OPT_LEVEL} (for example {@code
 * arm64-small=1,1,BASIC_OPT}).
 */
public record TargetProfile(String hardwareClass, PackageManifest.SessionOptions sessionOptions) {

  public static TargetProfile parse(String text) {
    String[] parts = text.split("=", 2);
    String[] options = parts.length == 2 ? parts[1].split(",") : new String[0];
    if (options.length != 3) {
      throw new IllegalArgumentException(
          "target '" + text + "' is not hardwareClass=intraOpThreads,interOpThreads,OPT_LEVEL");
    }
    return new TargetProfile(
        parts[0].trim(),
        new PackageManifest.SessionOptions(
            Integer.parseInt(options[0].trim()),
            Integer.parseInt(options[1].trim()),
            options[2].trim()));
  }
}
