package nl.naadloos.ui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import nl.naadloos.support.GreenMailbox;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shop owner's page (served by this test on another port, so another origin) carries the widget's
 * snippet: a visitor chats with an agent who answers from the workspace; a visitor outside opening hours
 * leaves a message, gets the answer by mail, answers it by mail and finds it all back in the widget; a
 * logged-in shop customer sees their earlier conversation. In English on a desktop and in Dutch on a phone.
 */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(properties = { "naadloos.channels.email.poll-delay=PT1S", "naadloos.channels.email.poll-interval=PT2S",
		"naadloos.channels.webchat.email-fallback-interval=PT1S" })
class WebchatIT extends BrowserJourney {

	static final String SECRET = "webchat-it-secret-0123456789-abcdef";

	@RegisterExtension
	final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("hallo@fietsenwinkel.example.nl", "mailbox-password"));

	@Autowired
	JdbcTemplate jdbc;

	HttpServer shop;

	String shopOrigin;

	@BeforeAll
	void startShop() throws IOException {
		this.shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.shop.createContext("/", exchange -> {
			String query = exchange.getRequestURI().getRawQuery();
			Map<String, String> params = new LinkedHashMap<>();
			if (query != null) {
				for (String pair : query.split("&")) {
					String[] kv = pair.split("=", 2);
					params.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
				}
			}
			byte[] page = shopPage(params).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			exchange.getResponseBody().write(page);
			exchange.close();
		});
		this.shop.start();
		this.shopOrigin = "http://127.0.0.1:" + this.shop.getAddress().getPort();
	}

	@AfterAll
	void stopShop() {
		this.shop.stop(0);
	}

	/** A shop's page as a shop owner makes it: their own content, and the snippet pasted before the end. */
	private String shopPage(Map<String, String> params) {
		String lang = params.getOrDefault("lang", "en");
		StringBuilder script = new StringBuilder("<script src=\"" + this.base + "/widget.js\" data-widget=\""
				+ params.get("widget") + "\"");
		if (params.containsKey("identifier")) {
			script.append(" data-identifier=\"").append(params.get("identifier")).append("\" data-hash=\"")
				.append(TestApi.hmacHex(SECRET, params.get("identifier"))).append('"');
		}
		script.append(" async></script>");
		return """
				<!doctype html>
				<html lang="%s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Fietsenwinkel De Spaak</title>
				<style>
				  body { margin: 0; font-family: Georgia, serif; color: #2b2118; background: #fbf7f0; }
				  header { background: #2b2118; color: #fbf7f0; padding: 18px 40px; font-size: 24px; }
				  main { padding: 40px; max-width: 900px; }
				  .bikes { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 20px; }
				  .bike { background: #fff; border: 1px solid #e7dccb; padding: 18px; border-radius: 6px; }
				  button { font: inherit; }
				</style></head>
				<body><header>Fietsenwinkel De Spaak</header>
				<main><h1>Stadsfietsen</h1><p>Gazelle, Batavus en Cortina: vandaag besteld, morgen rijden.</p>
				<div class="bikes"><div class="bike"><h2>Gazelle Ultimate C8</h2><p>€ 1.899</p><button>In winkelwagen</button></div>
				<div class="bike"><h2>Batavus Finez</h2><p>€ 1.549</p><button>In winkelwagen</button></div>
				<div class="bike"><h2>Cortina E-U4</h2><p>€ 2.199</p><button>In winkelwagen</button></div></div></main>
				%s
				</body></html>""".formatted(lang, script);
	}

	@Test
	void aVisitorChatsWithAnAgentWhoAnswersFromTheWorkspace() {
		speaks("en");
		String widget = widget(Map.of());
		BrowserContext agentContext = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page agent = agentContext.newPage();
		logIn(agent, "/inbox?view=unassigned");
		assertThat(agent.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Inbox"))).isVisible();

		BrowserContext visitorContext = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page visitor = visitorContext.newPage();
		visitor.navigate(this.shopOrigin + "/?widget=" + widget);
		Locator launcher = visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"));
		assertThat(launcher).isVisible();
		visitor.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("webchat-01-launcher")));
		launcher.click();
		Locator chat = visitor.getByRole(AriaRole.DIALOG);
		assertThat(chat).containsText("We usually reply within minutes");
		WorkspaceAccessibilityIT.assertNoSeriousViolations(
				new com.deque.html.axecore.playwright.AxeBuilder(visitor).include(List.of("#naadloos-widget")), "widget, pre-chat form");
		chat.getByLabel("Name").fill("Eva de Boer");
		String question = "Is the Gazelle Ultimate still available in 57 cm? " + UUID.randomUUID().toString().substring(0, 4);
		chat.getByLabel("Your question").fill(question);
		chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start chat")).click();
		assertThat(chat.getByRole(AriaRole.LOG)).containsText(question);

		// The agent sees it arrive live, opens it and answers; the visitor sees the answer and who wrote it.
		Locator row = agent.locator("tr", new Page.LocatorOptions().setHasText("Eva de Boer"));
		assertThat(row).isVisible();
		row.getByRole(AriaRole.LINK).first().click();
		assertThat(agent.getByText(question)).isVisible();
		agent.getByLabel("Reply to the customer").fill("Yes! We have one in 57 cm in the shop. Shall I reserve it for you?");
		agent.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send").setExact(true)).click();
		assertThat(chat.getByRole(AriaRole.LOG)).containsText("Shall I reserve it for you?");
		assertThat(chat.getByRole(AriaRole.LOG)).containsText("Administrator");
		Locator composer = chat.getByLabel("Message", new Locator.GetByLabelOptions().setExact(true));
		composer.fill("Yes please, I'll come by on Saturday 🙂");
		composer.press("Enter");
		assertThat(agent.getByText("I'll come by on Saturday")).isVisible();
		visitor.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("webchat-02-conversation")));
		WorkspaceAccessibilityIT.assertNoSeriousViolations(
				new com.deque.html.axecore.playwright.AxeBuilder(visitor).include(List.of("#naadloos-widget")), "widget, conversation");

		// A reload keeps the history (and the chat stays open in this tab).
		visitor.reload();
		assertThat(visitor.getByRole(AriaRole.LOG)).containsText(question);
		assertThat(visitor.getByRole(AriaRole.LOG)).containsText("Shall I reserve it for you?");
		assertThat(visitor.getByRole(AriaRole.LOG)).containsText("I'll come by on Saturday");
		// Escape closes the chat and gives the focus back to the launcher.
		visitor.getByRole(AriaRole.DIALOG).getByLabel("Message", new Locator.GetByLabelOptions().setExact(true)).click();
		visitor.keyboard().press("Escape");
		assertThat(visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat"))).isFocused();
		agentContext.close();
		visitorContext.close();
	}

	@Test
	void aVisitorOutsideOpeningHoursLeavesAMessageAndContinuesByMailAndInTheWidget() throws Exception {
		String mailbox = create(Map.of("kind", "email", "name", "Hallo " + UUID.randomUUID(), "settings",
				GreenMailbox.settings(this.mail, "hallo@fietsenwinkel.example.nl", "Fietsenwinkel De Spaak")));
		// Open only on a day that is not today: the widget offers "leave a message".
		DayOfWeek other = LocalDate.now(ZoneId.of("Europe/Amsterdam")).getDayOfWeek().plus(3);
		String widget = widget(Map.of("mailbox", mailbox, "emailAfterMinutes", 5, "language", "nl", "openingHours",
				Map.of(other.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT), "09:00-17:00")));
		String email = "sanne." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";

		BrowserContext phone = this.browser.newContext(new Browser.NewContextOptions().setLocale("nl-NL")
			.setViewportSize(390, 844)
			.setHasTouch(true)
			.setIsMobile(true));
		Page visitor = phone.newPage();
		visitor.navigate(this.shopOrigin + "/?lang=nl&widget=" + widget);
		visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat openen")).click();
		Locator chat = visitor.getByRole(AriaRole.DIALOG);
		assertThat(chat).containsText("Laat een bericht achter");
		chat.getByLabel("Naam").fill("Sanne Visser");
		chat.getByLabel("Je vraag").fill("Kunnen jullie mijn fiets zaterdag ophalen voor een onderhoudsbeurt?");
		chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bericht versturen")).click();
		assertThat(chat.getByText("Vul dit veld in.").or(chat.getByText("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")))
			.isVisible();
		chat.getByLabel("E-mailadres").fill(email);
		visitor.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("webchat-03-leave-message-phone-nl")));
		chat.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Bericht versturen")).click();
		assertThat(chat.getByRole(AriaRole.LOG)).containsText("onderhoudsbeurt");
		WorkspaceAccessibilityIT.assertNoSeriousViolations(
				new com.deque.html.axecore.playwright.AxeBuilder(visitor).include(List.of("#naadloos-widget")), "widget, Dutch, phone");
		String conversation = await().atMost(Duration.ofSeconds(10)).until(() -> this.jdbc.queryForList("""
				select cast(c.id as varchar(36)) from conversations c join messages m on m.conversation_id = c.id
				where m.text_body like '%onderhoudsbeurt%'""", String.class), found -> found.size() == 1).getFirst();
		visitor.navigate("about:blank"); // the visitor leaves

		TestApi admin = TestApi.asAdmin(this.port);
		admin.post("/api/v1/conversations/" + conversation + "/replies",
				TestApi.json(Map.of("text", "Zeker, we komen zaterdag tussen 10 en 12 uur langs.")));
		this.jdbc.update("update messages set created_at = created_at - interval '6' minute where conversation_id = ?",
				UUID.fromString(conversation));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.mail.getReceivedMessagesForDomain(email).length > 0);
		MimeMessage answer = this.mail.getReceivedMessagesForDomain(email)[0];
		org.assertj.core.api.Assertions.assertThat(GreenMailUtil.getBody(answer)).contains("zaterdag tussen 10 en 12");

		MimeMessage again = new MimeMessage(GreenMailUtil.getSession(this.mail.getSmtp().getServerSetup()));
		again.setFrom(new InternetAddress(email));
		again.setRecipients(MimeMessage.RecipientType.TO, "hallo@fietsenwinkel.example.nl");
		again.setSubject("Re: " + answer.getSubject());
		again.setHeader("In-Reply-To", answer.getMessageID());
		again.setText("Top, ik zet de fiets klaar bij de voordeur.", "UTF-8");
		Transport.send(again);
		await().atMost(Duration.ofSeconds(30)).until(() -> admin.get("/api/v1/conversations/" + conversation + "/messages")
			.body()
			.contains("bij de voordeur"));

		// Back on the shop's site another day (a new tab): the widget shows the answer and the mail.
		visitor.close();
		visitor = phone.newPage();
		visitor.navigate(this.shopOrigin + "/?lang=nl&widget=" + widget);
		visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Chat openen")).click();
		Locator log = visitor.getByRole(AriaRole.LOG);
		assertThat(log).containsText("onderhoudsbeurt");
		assertThat(log).containsText("zaterdag tussen 10 en 12");
		assertThat(log).containsText("bij de voordeur");
		org.assertj.core.api.Assertions.assertThat(log.innerText()).as("the e-mail copy of the answer is not shown twice")
			.containsOnlyOnce("zaterdag tussen 10 en 12");
		visitor.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("webchat-04-continued-phone-nl")));
		phone.close();
	}

	@Test
	void aLoggedInShopCustomerSeesTheirConversationFromAnotherChannel() {
		String widget = widget(Map.of());
		String api = create(Map.of("kind", "api", "name", "App " + UUID.randomUUID(), "settings",
				Map.of("secret", SECRET, "trusted", true)));
		String email = "joris." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		TestApi.asAdmin(this.port).inbound(api, SECRET, Map.of("messageId", "m-" + UUID.randomUUID(), "from",
				Map.of("id", "app-" + UUID.randomUUID(), "name", "Joris Bakker", "email", email), "text",
				"My order 5521 arrived without the bell."));
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page visitor = context.newPage();
		visitor.navigate(this.shopOrigin + "/?widget=" + widget + "&identifier=" + email);
		visitor.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open chat")).click();
		assertThat(visitor.getByRole(AriaRole.LOG)).containsText("arrived without the bell");
		context.close();
	}

	private String widget(Map<String, Object> extra) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("allowedOrigins", List.of(this.shopOrigin));
		settings.put("secret", SECRET);
		settings.putAll(extra);
		return create(Map.of("kind", "webchat", "name", "Fietsenwinkel De Spaak", "settings", settings));
	}

	private String create(Map<String, Object> account) {
		TestApi.Response created = TestApi.asAdmin(this.port).post("/api/v1/channel-accounts", TestApi.json(account));
		org.assertj.core.api.Assertions.assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.text("id");
	}

}
