package chatlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: both named explicitly, since the machine has no
 * network to fetch a driver (and Selenium Manager must not try). Each instance has its own profile in a temporary
 * folder, so two of them are two users. Background networking, component updates and sync are off: nothing leaves
 * the loopback.
 */
final class HeadlessChromium implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    /**
     * @param width  the window's width in CSS pixels (375 is a phone)
     * @param height its height
     */
    HeadlessChromium(int width, int height) throws IOException {
        this(width, height, false);
    }

    /** @param trustAnyCertificate for a server with a self-signed test certificate (https on the loopback) */
    HeadlessChromium(int width, int height, boolean trustAnyCertificate) throws IOException {
        assertThat(Path.of(CHROMIUM)).as("the browser tests need Debian's chromium: "
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(Path.of(CHROMEDRIVER)).as("the browser tests need Debian's chromium-driver: "
                + "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-driver").isExecutable();
        profile = Files.createTempDirectory("chatlab-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        if (trustAnyCertificate) {
            options.addArguments("--ignore-certificate-errors");
        }
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver = started;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    HeadlessChromium() throws IOException {
        this(1100, 800);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: its last argument is the callback that ends it. */
    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() throws IOException {
        try (Stream<Path> walk = Files.walk(profile)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
