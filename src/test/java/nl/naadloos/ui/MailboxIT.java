package nl.naadloos.ui;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The e-mail channel from start to finish: an admin connects a mailbox in the browser and tests it, a
 * customer's mail becomes a conversation, the agent's reply reaches the customer's mail client threaded under
 * the original, and the customer's answer from a phone lands in the same conversation without the quoted
 * history. Then the mailbox screen in Dutch on a phone.
 */
@IntegrationTest
@org.springframework.test.context.TestPropertySource(properties = { "naadloos.channels.email.poll-delay=PT1S",
		"naadloos.channels.email.poll-interval=PT2S" })
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailboxIT extends BrowserJourney {

	@RegisterExtension
	final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("hallo@fietsenwinkel.example.nl", "mailbox-password"))
		.withPerMethodLifecycle(false);

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anAdminConnectsAMailboxAndACustomerWritesRepliesAndAnswersFromAPhone() throws Exception {
		speaks("en");
		BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("en-GB")
			.setViewportSize(1366, 768));
		Page page = context.newPage();
		logIn(page, "/admin/channels");
		page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connect a mailbox")).click();

		// The preset fills in a provider's servers (once the page's script runs); this shop runs its own, so back
		// to "Other".
		assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Connect a mailbox"))).isVisible();
		page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
		page.getByLabel("Provider").selectOption("gmail");
		assertThat(page.getByLabel("IMAP server (incoming)")).hasValue("imap.gmail.com");
		assertThat(page.getByLabel("SMTP server (outgoing)")).hasValue("smtp.gmail.com");
		page.getByLabel("Provider").selectOption("");

		String name = "Fietsenwinkel " + UUID.randomUUID().toString().substring(0, 6);
		page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
		page.getByLabel("E-mail address").fill("hallo fietsenwinkel.example.nl");
		page.getByLabel("Sender name").fill("Fietsenwinkel Klantenservice");
		page.getByLabel("IMAP server (incoming)").fill("127.0.0.1");
		page.locator("#imapPort").fill(String.valueOf(this.mail.getImap().getPort()));
		page.locator("#imapSecurity").selectOption("none");
		page.getByLabel("SMTP server (outgoing)").fill("127.0.0.1");
		page.locator("#smtpPort").fill(String.valueOf(this.mail.getSmtp().getPort()));
		page.locator("#smtpSecurity").selectOption("none");
		page.getByLabel("Username").fill("hallo@fietsenwinkel.example.nl");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect mailbox")).click();
		assertThat(page.getByText("Enter an e-mail address")).isVisible();
		assertThat(page.getByText("Enter the password of the mailbox.")).isVisible();
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("mailbox-01-invalid"))
			.setFullPage(true));

		page.getByLabel("E-mail address").fill("hallo@fietsenwinkel.example.nl");
		page.locator("#password").fill("mailbox-password");
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect mailbox")).click();
		assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Mailbox " + name + " connected.");
		assertThat(page.getByText("Not connected")).isVisible();
		page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection")).click();
		assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("Both servers accept the login.");
		assertThat(page.locator(".test-result dd")).hasText(new String[] { "Works", "Works" });
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("mailbox-02-tested"))
			.setFullPage(true));
		String mailbox = page.url().replaceAll(".*/admin/mailboxes/", "");

		// A customer writes; Naadloos reads the mailbox by itself (here every 2 s instead of 30, and IMAP IDLE).
		String customer = "joost." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String subject = "Lekke band " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("hallo@fietsenwinkel.example.nl", "Joost Bakker <" + customer + ">", subject,
				"Mijn nieuwe fiets heeft na twee dagen een lekke band. Kan ik langskomen?",
				this.mail.getSmtp().getServerSetup());
		TestApi api = TestApi.asAdmin(this.port);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			return this.jdbc.queryForObject("select count(*) from conversations where subject = ?", Integer.class, subject) == 1;
		});
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);
		TestApi.Response contact = api.get("/api/v1/contacts/"
				+ api.get("/api/v1/conversations/" + conversation).text("contactId"));
		org.assertj.core.api.Assertions.assertThat(contact.text("name")).isEqualTo("Joost Bakker");
		org.assertj.core.api.Assertions.assertThat(contact.body()).contains(customer);

		// The agent answers; it arrives threaded under the customer's mail.
		api.post("/api/v1/conversations/" + conversation + "/replies",
				TestApi.json(Map.of("text", "Kom gerust morgen langs, we plakken hem gratis.")));
		await().atMost(Duration.ofSeconds(20)).until(() -> this.mail.getReceivedMessagesForDomain(customer).length > 0);
		MimeMessage answer = this.mail.getReceivedMessagesForDomain(customer)[0];
		MimeMessage original = this.mail.getReceivedMessagesForDomain("hallo@fietsenwinkel.example.nl")[0];
		org.assertj.core.api.Assertions.assertThat(answer.getHeader("In-Reply-To")[0]).isEqualTo(original.getMessageID());
		org.assertj.core.api.Assertions.assertThat(answer.getSubject()).matches("Re: " + subject + " \\[#\\d+\\]");

		// The customer answers from a phone, above the quoted reply.
		MimeMessage fromPhone = new MimeMessage(GreenMailUtil.getSession(this.mail.getSmtp().getServerSetup()));
		fromPhone.setFrom(new InternetAddress(customer, "Joost Bakker"));
		fromPhone.setRecipients(MimeMessage.RecipientType.TO, "hallo@fietsenwinkel.example.nl");
		fromPhone.setSubject("Re: " + answer.getSubject());
		fromPhone.setHeader("In-Reply-To", answer.getMessageID());
		fromPhone.setHeader("References", original.getMessageID() + " " + answer.getMessageID());
		fromPhone.setText("Top, ik kom morgen om 10 uur.\n\nVerzonden vanaf mijn iPhone\n\n"
				+ "> Op 23 nov. 2026 om 14:02 heeft Fietsenwinkel Klantenservice <hallo@fietsenwinkel.example.nl> het volgende geschreven:\n"
				+ ">\n> Kom gerust morgen langs, we plakken hem gratis.\n");
		Transport.send(fromPhone);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			return this.jdbc.queryForObject("select count(*) from messages where conversation_id = ? and direction = 'INBOUND'",
					Integer.class, UUID.fromString(conversation)) == 2;
		});
		org.assertj.core.api.Assertions.assertThat(api.get("/api/v1/conversations/" + conversation + "/messages").body())
			.contains("Top, ik kom morgen om 10 uur.")
			.doesNotContain("Verzonden vanaf mijn iPhone\\n\\n>");
		org.assertj.core.api.Assertions.assertThat(this.jdbc.queryForList(
				"select text_body from messages where conversation_id = ? and direction = 'INBOUND' order by created_at",
				String.class, UUID.fromString(conversation)))
			.last()
			.isEqualTo("Top, ik kom morgen om 10 uur.");

		page.reload();
		assertThat(page.getByText("Connected", new Page.GetByTextOptions().setExact(true))).isVisible();
		page.screenshot(new Page.ScreenshotOptions().setPath(nl.naadloos.support.Browser.screenshot("mailbox-03-connected"))
			.setFullPage(true));
		context.close();
	}

	@Test
	void theMailboxScreenFitsAPhoneInDutch() {
		speaks("nl");
		try {
			BrowserContext context = this.browser.newContext(new Browser.NewContextOptions().setLocale("nl-NL")
				.setViewportSize(390, 844)
				.setIsMobile(true)
				.setHasTouch(true));
			Page page = context.newPage();
			logIn(page, "/admin/mailboxes/new");
			assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Mailbox koppelen"))).isVisible();
			page.waitForLoadState(com.microsoft.playwright.options.LoadState.LOAD);
			page.getByLabel("Provider").selectOption("kpn");
			assertThat(page.getByLabel("IMAP-server (inkomend)")).hasValue("imap.kpnmail.nl");
			assertThat(page.locator("#smtpSecurity")).hasValue("starttls");
			org.assertj.core.api.Assertions.assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
				.as("nothing sticks out sideways")
				.isLessThanOrEqualTo(390);
			page.screenshot(new Page.ScreenshotOptions()
				.setPath(nl.naadloos.support.Browser.screenshot("mailbox-04-new-mobile-nl"))
				.setFullPage(true));
			context.close();
		}
		finally {
			speaks("en");
		}
	}

}
