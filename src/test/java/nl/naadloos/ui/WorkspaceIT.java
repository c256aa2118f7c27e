package nl.naadloos.ui;

import java.util.LinkedHashMap;
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
import nl.naadloos.support.WebhookReceiver;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An agent works the inbox with the keyboard only: moves to a customer's conversation with j and Enter,
 * takes it, replies with r (the reply reaches the connected system), adds a note with n and solves with e;
 * then the same screens in Dutch on a tablet.
 */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceIT extends BrowserJourney {

	static final String SECRET = "workspace-it-secret-0123456789";

	@Test
	void anAgentHandlesAConversationWithTheKeyboardOnly() throws Exception {
		speaks("en");
		try (WebhookReceiver shop = new WebhookReceiver()) {
			TestApi admin = TestApi.asAdmin(this.port);
			String account = admin.post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api", "name", "Webshop",
					"settings", Map.of("secret", SECRET, "trusted", true, "webhookUrl", shop.url("/replies"))))).text("id");
			String run = UUID.randomUUID().toString().substring(0, 4);
			inbound(account, "Mila Jansen", "Bestelling " + run + " te laat", "Mijn bestelling zou gisteren komen, waar blijft hij?");
			String subject = "Factuur " + run + " klopt niet";
			String conversation = inbound(account, "Daan Smit", subject, "Op mijn factuur staat het verkeerde adres.")
				.text("conversationId");

			BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
				.setViewportSize(1366, 768));
			Page page = context.newPage();
			logIn(page, "/inbox?view=unassigned");
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Inbox"))).isVisible();
			assertThat(page.locator(".tab.active")).containsText("Unassigned");
			page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("workspace-01-inbox")));

			// j moves down the list to the newest conversation (the first row), Enter opens it.
			ready(page);
			page.keyboard().press("j");
			assertThat(page.locator("tr.selected")).containsText(subject);
			page.keyboard().press("Enter");
			assertThat(page).hasURL(Pattern.compile(".*/conversations/" + conversation + "$"));
			assertThat(page.getByText("Op mijn factuur staat het verkeerde adres.")).isVisible();
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Take it")).click();
			assertThat(page.getByText("You own this conversation now.")).isVisible();

			ready(page);
			page.keyboard().press("r");
			assertThat(page.getByLabel("Reply to the customer")).isFocused();
			page.keyboard().type("Excuses, we sturen u vandaag een nieuwe factuur.");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send").setExact(true)).click();
			assertThat(page.getByText("Reply queued")).isVisible();
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(15))
				.until(() -> !shop.receivedOn("/replies").isEmpty());
			org.assertj.core.api.Assertions.assertThat(shop.receivedOn("/replies").get(0).body())
				.contains("Excuses, we sturen u vandaag een nieuwe factuur.");

			ready(page);
			page.keyboard().press("n");
			assertThat(page.getByLabel("Internal note")).isFocused();
			page.keyboard().type("Adres in het klantprofiel aangepast.");
			page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add note")).click();
			Locator note = page.locator(".entry-note");
			assertThat(note).containsText("Adres in het klantprofiel aangepast.");
			page.reload();
			assertThat(page.locator(".entry-outbound .delivery")).hasText("Sent");
			page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("workspace-02-conversation"))
				.setFullPage(true));

			ready(page);
			page.keyboard().press("e");
			assertThat(page.locator(".header-badges .status")).hasText("Solved");

			// ? lists the keys; / goes to search, which finds the conversation by a word of the customer.
			ready(page);
			page.keyboard().press("?");
			assertThat(page.getByRole(AriaRole.DIALOG)).containsText("Keyboard shortcuts");
			page.keyboard().press("Escape");
			page.keyboard().press("/");
			assertThat(page).hasURL(Pattern.compile(".*/search$"));
			ready(page);
			assertThat(page.locator("#search-q")).isFocused();
			page.keyboard().type("verkeerde adres");
			page.keyboard().press("Enter");
			assertThat(page.locator(".hits a[href$='" + conversation + "']").first()).isVisible();
			assertThat(page.locator("mark").first()).isVisible();
			page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("workspace-04-search")));
			context.close();
		}
	}

	@Test
	void newMessagesAndNewConversationsAppearWithoutReloading() throws Exception {
		speaks("en");
		String account = TestApi.asAdmin(this.port).post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api",
				"name", "Live", "settings", Map.of("secret", SECRET, "trusted", true)))).text("id");
		String customer = "klant-" + UUID.randomUUID();
		String conversation = inbound(account, customer, "Noor Peters", "Maat " + UUID.randomUUID().toString().substring(0, 4),
				"Valt de jas klein?").text("conversationId");
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page page = context.newPage();
		logIn(page, "/conversations/" + conversation);
		page.getByLabel("Reply to the customer").fill("Een concept dat blijft staan");

		inbound(account, customer, "Noor Peters", null, "Ik heb normaal maat M.");
		assertThat(page.getByText("Ik heb normaal maat M.")).isVisible();
		assertThat(page.getByLabel("Reply to the customer")).hasValue("Een concept dat blijft staan");

		Page inbox = context.newPage();
		inbox.navigate(this.base + "/inbox?view=unassigned");
		String count = inbox.locator(".tab.active .count").innerText();
		String subject = "Nieuw " + UUID.randomUUID().toString().substring(0, 4);
		inbound(account, "Sem de Wit", subject, "Hebben jullie deze schoen in 44?");
		assertThat(inbox.getByText(subject)).isVisible();
		assertThat(inbox.locator(".tab.active .count")).hasText(String.valueOf(Integer.parseInt(count) + 1));
		context.close();
	}

	@Test
	void twoAgentsSeeEachOtherInTheSameConversationAndWhoIsTyping() throws Exception {
		speaks("en");
		TestApi admin = TestApi.asAdmin(this.port);
		String email = "joep." + UUID.randomUUID().toString().substring(0, 8) + "@naadloos.test";
		admin.post("/api/v1/agents", TestApi.json(Map.of("name", "Joep Vos", "email", email, "role", "agent", "password",
				"joep-password-1234")));
		String account = admin.post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api", "name", "Samen",
				"settings", Map.of("secret", SECRET, "trusted", true)))).text("id");
		String conversation = inbound(account, "Eva Brouwer", "Kapotte rits", "De rits van mijn tas is kapot.")
			.text("conversationId");

		BrowserContext first = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB").setViewportSize(1366, 768));
		Page administrator = first.newPage();
		logIn(administrator, "/conversations/" + conversation);
		assertThat(administrator.locator("[data-presence]")).isHidden();

		BrowserContext second = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB").setViewportSize(1366, 768));
		Page joep = second.newPage();
		joep.navigate(this.base + "/conversations/" + conversation);
		joep.getByLabel(Pattern.compile("E-mail")).fill(email);
		joep.getByLabel(Pattern.compile("Password")).fill("joep-password-1234");
		joep.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in")).click();
		assertThat(joep.locator("[data-presence]")).hasText("Also here: Administrator");
		assertThat(administrator.locator("[data-presence]")).hasText("Also here: Joep Vos");

		joep.getByLabel("Reply to the customer").pressSequentially("Ik stuur een nieuwe rits");
		assertThat(administrator.locator("[data-presence]")).hasText("Joep Vos is typing…");
		administrator.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("workspace-05-collision")));

		// Joep goes back to the inbox: the administrator no longer sees him here.
		joep.navigate(this.base + "/inbox");
		assertThat(administrator.locator("[data-presence]")).isHidden();
		second.close();
		first.close();
	}

	@Test
	void theConversationScreenFitsATabletInDutch() throws Exception {
		String account = TestApi.asAdmin(this.port).post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api",
				"name", "App", "settings", Map.of("secret", SECRET, "trusted", true)))).text("id");
		String conversation = inbound(account, "Femke Bos", "Wachtwoord vergeten", "Ik kom niet meer in mijn account.")
			.text("conversationId");
		speaks("nl");
		try {
			BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("nl-NL")
				.setViewportSize(820, 1180)
				.setHasTouch(true));
			Page page = context.newPage();
			logIn(page, "/conversations/" + conversation);
			assertThat(page.getByText("Nog geen eigenaar")).isVisible();
			assertThat(page.getByLabel("Antwoord aan de klant")).isVisible();
			org.assertj.core.api.Assertions.assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
				.as("nothing sticks out sideways")
				.isLessThanOrEqualTo(820);
			page.screenshot(new Page.ScreenshotOptions()
				.setPath(nl.naadloos.support.Browser.screenshot("workspace-03-conversation-tablet-nl"))
				.setFullPage(true));
			context.close();
		}
		finally {
			speaks("en");
		}
	}

	/** Keys work once the page's scripts run: wait for the page to have loaded after each navigation. */
	private static void ready(Page page) {
		page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
	}

	private TestApi.Response inbound(String account, String name, String subject, String text) throws Exception {
		return inbound(account, "klant-" + UUID.randomUUID(), name, subject, text);
	}

	private TestApi.Response inbound(String account, String customer, String name, String subject, String text)
			throws Exception {
		Map<String, Object> from = new LinkedHashMap<>();
		from.put("id", customer);
		from.put("name", name);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("messageId", "m-" + UUID.randomUUID());
		message.put("from", from);
		if (subject != null) {
			message.put("subject", subject);
		}
		message.put("text", text);
		TestApi.Response in = TestApi.asAdmin(this.port).inbound(account, SECRET, message);
		org.assertj.core.api.Assertions.assertThat(in.status()).as(in.toString()).isEqualTo(202);
		return in;
	}

}
