package nl.naadloos.ui;

import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.naadloos.support.IntegrationTest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An administrator keeps the contact reason taxonomy in a real browser: adds a sub-reason, finds it under
 * its parent, switches it off; then the list in Dutch on a phone-sized screen.
 */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactReasonsIT extends BrowserJourney {

	@Test
	void adminAddsASubReasonAndSwitchesItOffThenReadsTheListInDutch() {
		speaks("en");
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page page = context.newPage();
		logIn(page, "/admin/contact-reasons");
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Contact reasons"))).isVisible();
		assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Late delivery"))).isVisible();

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New contact reason")).click();
		String key = "lost-" + UUID.randomUUID().toString().substring(0, 6);
		page.getByLabel("Key", new Page.GetByLabelOptions().setExact(true)).fill(key);
		page.getByLabel("Name (English)").fill("Parcel lost");
		page.getByLabel("Name (Dutch)").fill("Pakket kwijt");
		page.getByLabel("Below").selectOption("delivery");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
		assertThat(page.getByRole(AriaRole.STATUS)).containsText("Contact reason Parcel lost added.");
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("reasons-01-list"))
			.setFullPage(true));

		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Parcel lost")).click();
		page.getByLabel(Pattern.compile("In use")).uncheck();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
		assertThat(page.getByRole(AriaRole.ROW, new Page.GetByRoleOptions().setName(Pattern.compile("Parcel lost"))))
			.containsText("Switched off");
		context.close();

		speaks("nl");
		BrowserContext phone = this.browser.newContext(new Browser.NewContextOptions().setLocale("nl-NL")
			.setViewportSize(390, 844));
		Page mobile = phone.newPage();
		logIn(mobile, "/admin/contact-reasons");
		assertThat(mobile.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Contactredenen"))).isVisible();
		assertThat(mobile.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pakket kwijt"))).isVisible();
		mobile.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("reasons-02-nl-phone"))
			.setFullPage(true));
		phone.close();
		speaks("en");
	}

}
