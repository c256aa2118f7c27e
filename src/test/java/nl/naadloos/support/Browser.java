package nl.naadloos.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Playwright driving Debian's Chromium ({@code /usr/bin/chromium}); no browser is ever downloaded.
 * Without Chromium the browser tests are skipped with a message, except under {@code CI=true}, where
 * they fail.
 */
public final class Browser {

	public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("NAADLOOS_CHROMIUM", "/usr/bin/chromium"));

	private Browser() {
	}

	public static Playwright playwright() {
		// Two cores shared with the application under test: give pages time before an assertion fails.
		com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
		return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
	}

	public static com.microsoft.playwright.Browser launch(Playwright playwright) {
		return playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync")));
	}

	public static Path screenshot(String name) {
		try {
			Path dir = Path.of("target", "screenshots");
			Files.createDirectories(dir);
			return dir.resolve(name + ".png");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Skips (outside CI) or fails (in CI) when Chromium is not installed. */
	public static final class RequireChromium implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (Files.isExecutable(CHROMIUM)) {
				return ConditionEvaluationResult.enabled("Chromium found at " + CHROMIUM);
			}
			String message = "Chromium is not installed at " + CHROMIUM
					+ "; install Debian's package (apt-get install chromium) or run .ci/run.";
			if (PostgresDatabase.inCi()) {
				throw new IllegalStateException("CI=true but " + message);
			}
			System.err.println("SKIPPED browser tests: " + message);
			return ConditionEvaluationResult.disabled(message);
		}

	}

}
