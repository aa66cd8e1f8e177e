package io.pumpops.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Browser tests run in Debian's chromium through its chromedriver, never a downloaded browser (this
 * machine has no network for that). Where they are not installed the tests are skipped, saying how
 * to install them; {@code .ci/run} installs them.
 */
final class ChromiumCondition implements ExecutionCondition {

  private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  static final String CHROMIUM = System.getProperty("pumpops.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("pumpops.chromedriver", "/usr/bin/chromedriver");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER))) {
      return ConditionEvaluationResult.enabled("chromium and chromedriver found");
    }
    return ConditionEvaluationResult.disabled(
        "Browser test skipped: "
            + CHROMIUM
            + " or "
            + CHROMEDRIVER
            + " is missing (on Debian: apt-get install chromium chromium-driver)");
  }

  /** A headless Chromium with a fresh profile, kept off the network it cannot reach anyway. */
  static WebDriver headlessChromium(Path profile) {
    // Selenium warns at every start that it has no DevTools bindings for this Chromium; the tests
    // use none.
    SELENIUM_LOG.setLevel(Level.SEVERE);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }
}
