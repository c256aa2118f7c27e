package nl.naadloos.ui;

import java.util.UUID;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.web.server.LocalServerPort;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** An administrator's first session in a real browser: log in, add a colleague, switch to Dutch, log out. */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminJourneyIT {

	@LocalServerPort
	int port;

	Playwright playwright;

	Browser browser;

	@BeforeAll
	void startBrowser() {
		this.playwright = nl.naadloos.support.Browser.playwright();
		this.browser = nl.naadloos.support.Browser.launch(this.playwright);
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

	@Test
	void adminLogsInCreatesAnAgentSwitchesToDutchAndLogsOut() {
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page page = context.newPage();
		String base = "http://localhost:" + this.port;

		page.navigate(base + "/admin/agents");
		assertThat(page).hasURL(base + "/login");
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("01-login")));
		page.getByLabel("E-mail address").fill(TestApi.ADMIN_EMAIL);
		page.getByLabel("Password").fill(TestApi.ADMIN_PASSWORD);
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
		// Back where the login interrupted the admin (Spring Security marks it with ?continue).
		assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/admin/agents(\\?continue)?$"));

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New agent")).click();
		String email = "noor." + UUID.randomUUID().toString().substring(0, 6) + "@example.nl";
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Noor Smit");
		page.getByLabel("E-mail address").fill(email);
		page.getByLabel("Role").selectOption("supervisor");
		page.getByLabel("Skills").fill("retouren, english");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("Agent Noor Smit created. Initial password:");
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("02-agent-created"))
			.setFullPage(true));

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Agents").setExact(true)).click();
		assertThat(page.getByRole(AriaRole.CELL, new Page.GetByRoleOptions().setName(email))).isVisible();

		page.getByLabel("Language").selectOption("nl");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Medewerkers"))).isVisible();
		assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nieuwe medewerker"))).isVisible();
		assertThat(page.locator("html")).hasAttribute("lang", "nl");
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("03-agents-nl"))
			.setFullPage(true));

		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Uitloggen")).click();
		assertThat(page).hasURL(base + "/login?logout");
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("U bent uitgelogd.");
		page.navigate(base + "/admin/agents");
		assertThat(page).hasURL(base + "/login");
		context.close();
	}

}
