package se.peppolgw.ap.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Selenium, for the browser tests. The build installs it
 * (.ci/setup.d/chromium.sh); a test fails, never skips, when it is missing.
 */
public final class Chromium {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** The profile directory of each running browser, deleted by {@link #stop}. */
  private static final Map<WebDriver, Path> PROFILES = new ConcurrentHashMap<>();

  private Chromium() {}

  /**
   * A new browser with its own empty profile, pages loading within 30 s; the caller ends it with
   * {@link #stop}.
   *
   * @param windowHeight pixels (the width is 1366); taller for pages a screenshot should show whole
   */
  public static WebDriver start(int windowHeight) throws IOException {
    assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver are not installed: the build installs them (.ci/setup.d/chromium.sh, as root on Debian)");
    java.util.logging.Logger.getLogger("org.openqa.selenium.devtools").setLevel(java.util.logging.Level.SEVERE);
    Path profile = Files.createTempDirectory("chromium-profile");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1366," + windowHeight);
    WebDriver driver = new ChromeDriver(service, options);
    PROFILES.put(driver, profile);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Quits the browser (and its driver process) and deletes its profile. */
  public static void stop(WebDriver driver) throws IOException {
    driver.quit();
    Path profile = PROFILES.remove(driver);
    if (profile != null && Files.exists(profile)) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /**
   * Waits, polling with a 30 s deadline, until the page shows the element: a click may return
   * before the next page has loaded.
   */
  public static void await(WebDriver driver, By what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (driver.findElements(what).isEmpty()) {
      assertTrue(System.nanoTime() < end, "no " + what + " on " + driver.getCurrentUrl() + ": " + driver.getPageSource());
      Thread.sleep(100); // polling interval, not a wait for state
    }
  }

  /** Keeps what the browser shows as {@code ap-server/target/screenshots/<name>}, a test artifact. */
  public static void screenshot(WebDriver driver, String name) throws IOException {
    Path out = Path.of(System.getProperty("user.dir"), "target", "screenshots");
    Files.createDirectories(out);
    Files.write(out.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
