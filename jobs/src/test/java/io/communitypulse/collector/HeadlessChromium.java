package io.communitypulse.collector;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: nothing is downloaded at test
 * time (the driver and the browser are named explicitly, so Selenium Manager never runs). {@code
 * .ci/run} installs both packages; on a machine without them the browser tests are skipped, except
 * under CI, where they fail.
 */
final class HeadlessChromium {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private HeadlessChromium() {}

  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!installed && System.getenv("CI") != null) {
      fail("no %s and %s: apt-get install -y chromium chromium-driver", CHROMIUM, CHROMEDRIVER);
    }
    assumeTrue(installed, "apt-get install -y chromium chromium-driver to run the browser tests");
  }

  /** A new browser with a fresh profile of its own: a device no other test has seen. */
  static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--window-size=1200,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
