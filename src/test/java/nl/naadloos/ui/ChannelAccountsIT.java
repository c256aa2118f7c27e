package nl.naadloos.ui;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An administrator connects a system through the API channel in a real browser: creates the account through
 * the form (after a validation error), finds it in the list and opens it to copy the inbound URL; then the
 * same screens in Dutch on a phone-sized screen.
 */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelAccountsIT extends BrowserJourney {

	@Test
	void adminCreatesAnApiChannelAccountFindsItInTheListAndCopiesItsInboundUrl() {
		speaks("en");
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
		Page page = context.newPage();
		logIn(page, "/admin/channels");
		assertThat(page).hasURL(Pattern.compile(".*/admin/channels(\\?continue)?$"));
		assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Channels").setExact(true)))
			.hasAttribute("aria-current", "page");

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New API channel account")).click();
		String name = "Webshop " + UUID.randomUUID().toString().substring(0, 6);
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
		page.getByLabel("Webhook URL").fill("shop.example.nl/naadloos");
		page.getByLabel("Trusted").check();
		page.getByLabel("Secret").fill("too short");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
		assertThat(page.getByText("The secret needs at least 16 characters.")).isVisible();
		assertThat(page.getByText("Enter a full http or https address")).isVisible();
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("channels-01-invalid"))
			.setFullPage(true));

		page.getByLabel("Webhook URL").fill("https://shop.example.nl/naadloos");
		assertThat(page.getByLabel("Trusted")).isChecked();
		page.getByLabel("Secret").fill("webshop-secret-0123456789");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("Channel account " + name + " created.");
		Locator inboundUrl = page.getByLabel("Inbound URL");
		// Playwright hands the pattern to JavaScript, which knows no \\Q…\\E quoting; the base URL has no special characters.
		assertThat(inboundUrl).hasValue(Pattern.compile("^" + this.base + "/api/v1/channels/api/[0-9a-f-]{36}/messages$"));
		String url = inboundUrl.inputValue();
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("channels-02-created"))
			.setFullPage(true));

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Channels").setExact(true)).click();
		Locator row = page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(name));
		assertThat(row).containsText("API");
		assertThat(row).containsText("Active");
		assertThat(row).containsText("Yes");
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("channels-03-list"))
			.setFullPage(true));

		row.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(name)).click();
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name))).isVisible();
		assertThat(page.getByLabel("Inbound URL")).hasValue(url);
		assertThat(page.getByText("X-Naadloos-Signature: sha256=")).isVisible();
		assertThat(page.getByLabel("Secret")).hasValue("");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy")).click();
		org.assertj.core.api.Assertions.assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(url);
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("channels-04-edit")));
		context.close();
	}

	@Test
	void theChannelScreensFitAPhoneInDutch() {
		String name = "Mobiele app " + UUID.randomUUID().toString().substring(0, 6);
		TestApi.asAdmin(this.port)
			.post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api", "name", name, "settings",
					Map.of("secret", "mobile-secret-0123456789", "webhookUrl", "https://app.example.nl/naadloos/webhook"))));
		speaks("nl");
		try {
			BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("nl-NL")
				.setViewportSize(390, 844)
				.setIsMobile(true)
				.setHasTouch(true));
			Page page = context.newPage();
			logIn(page, "/admin/channels");
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Kanaalaccounts"))).isVisible();
			page.screenshot(new Page.ScreenshotOptions()
				.setPath(nl.naadloos.support.Browser.screenshot("channels-05-list-mobile-nl"))
				.setFullPage(true));

			page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)).click();
			assertThat(page.getByLabel("Adres voor inkomende berichten")).hasValue(Pattern.compile(".*/messages$"));
			assertThat(page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Actief"))).isChecked();
			page.screenshot(new Page.ScreenshotOptions()
				.setPath(nl.naadloos.support.Browser.screenshot("channels-06-edit-mobile-nl"))
				.setFullPage(true));

			page.getByRole(AriaRole.SWITCH, new Page.GetByRoleOptions().setName("Actief")).uncheck();
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Opslaan")).click();
			assertThat(page.getByRole(AriaRole.STATUS)).containsText("is inactief");
			assertThat(page.getByLabel("Geheim")).hasValue("");

			page.navigate(this.base + "/admin/channels/new");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Aanmaken")).click();
			assertThat(page.getByText("Het geheim moet minstens 16 tekens hebben.")).isVisible();
			page.screenshot(new Page.ScreenshotOptions()
				.setPath(nl.naadloos.support.Browser.screenshot("channels-07-new-mobile-nl"))
				.setFullPage(true));
			context.close();
		}
		finally {
			speaks("en");
		}
	}

}
