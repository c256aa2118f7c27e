package nl.naadloos.ui;

import java.util.Map;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.web.server.LocalServerPort;

import nl.naadloos.support.TestApi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * What every browser journey needs: Debian's Chromium for the whole class, the application's address,
 * logging in as the first admin and choosing the admin's language. Subclasses are
 * {@code @IntegrationTest}s with {@code @TestInstance(PER_CLASS)} and the Chromium check.
 */
abstract class BrowserJourney {

	@LocalServerPort
	int port;

	Playwright playwright;

	Browser browser;

	String base;

	@BeforeAll
	void startBrowser() {
		this.playwright = nl.naadloos.support.Browser.playwright();
		this.browser = nl.naadloos.support.Browser.launch(this.playwright);
		this.base = "http://localhost:" + this.port;
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.playwright != null) {
			this.playwright.close();
		}
	}

	/** Opens a protected page, lands on the login form and logs in as the first admin. */
	void logIn(Page page, String path) {
		page.navigate(this.base + path);
		assertThat(page).hasURL(this.base + "/login");
		page.getByLabel(Pattern.compile("E-mail")).fill(TestApi.ADMIN_EMAIL);
		page.getByLabel(Pattern.compile("Password|Wachtwoord")).fill(TestApi.ADMIN_PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(Pattern.compile("Log in|Inloggen"))).click();
	}

	/** The admin's language is stored with the agent, and other browser tests may have changed it. */
	void speaks(String language) {
		TestApi.asAdmin(this.port).patch("/api/v1/me", TestApi.json(Map.of("locale", language)));
	}

}
