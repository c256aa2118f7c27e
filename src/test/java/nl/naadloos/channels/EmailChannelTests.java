package nl.naadloos.channels;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.MultipartBody;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mailboxes as channel accounts, and replies that leave through SMTP (GreenMail as the mail server). */
@IntegrationTest
class EmailChannelTests {

	@RegisterExtension
	static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("support@shop.example.nl", "mailbox-password"));

	static final String SECRET = "shop-secret-0123456789-abcdef";

	@LocalServerPort
	int port;

	@Autowired
	MailboxPoller poller;

	@Autowired
	JdbcTemplate jdbc;

	TestApi admin;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
	}

	@Test
	void anAgentsReplyLeavesTheMailboxWithItsNumberAndThreadingHeaders() throws Exception {
		String api = create(Map.of("kind", "api", "name", "Shop " + UUID.randomUUID(), "settings",
				Map.of("secret", SECRET, "trusted", true)));
		String mailbox = create(Map.of("kind", "email", "name", "Support " + UUID.randomUUID(), "settings", mailbox()));
		String customer = "klant." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		Map<String, Object> from = new LinkedHashMap<>();
		from.put("id", "c-" + UUID.randomUUID());
		from.put("name", "Anouk Peeters");
		from.put("email", customer);
		byte[] body = json(Map.of("messageId", "m-" + UUID.randomUUID(), "from", from, "subject", "Re: Bestelling 123",
				"text", "Waar blijft mijn bestelling?")).getBytes(StandardCharsets.UTF_8);
		Response in = this.admin.anonymous()
			.header("X-Naadloos-Signature", Signatures.sha256Header(SECRET, body))
			.sendBytes("POST", "/api/v1/channels/api/" + api + "/messages", body, "application/json");
		assertThat(in.status()).as(in.toString()).isEqualTo(202);
		String conversation = in.text("conversationId");
		long number = in.json().path("conversationNumber").asLong();

		Response reply = this.admin.post("/api/v1/conversations/" + conversation + "/replies",
				json(Map.of("text", "Uw pakket is vandaag verstuurd.\nMet vriendelijke groet", "channelAccountId", mailbox)));
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessages().length > 0);
		MimeMessage mail = MAIL.getReceivedMessagesForDomain("example.nl")[0];
		assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).isEqualTo(customer);
		assertThat(mail.getFrom()[0].toString()).contains("support@shop.example.nl", "Webshop Service");
		assertThat(mail.getReplyTo()[0].toString()).isEqualTo("support@shop.example.nl");
		assertThat(mail.getSubject()).isEqualTo("Re: Bestelling 123 [#" + number + "]");
		String messageId = mail.getMessageID();
		assertThat(messageId).isEqualTo("<" + reply.text("id") + "@shop.example.nl>");
		MimeMultipart parts = (MimeMultipart) mail.getContent();
		assertThat(parts.getContentType()).startsWith("multipart/alternative");
		assertThat(parts.getBodyPart(0).getContent().toString().replace("\r\n", "\n")).contains("Uw pakket is vandaag verstuurd.",
				"\n-- \nAdministrator\nWebshop Service\n", "Anouk Peeters <" + customer + "> wrote:\n> Waar blijft mijn bestelling?");
		assertThat(parts.getBodyPart(1).getContent().toString()).contains("Uw pakket is vandaag verstuurd.<br>",
				"<blockquote", "Waar blijft mijn bestelling?</blockquote>");

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String messages = this.admin.get("/api/v1/conversations/" + conversation + "/messages").body();
			assertThat(messages).contains("\"deliveryStatus\":\"sent\"", "\"providerMessageId\":\"" + messageId + "\"");
		});
	}

	@Test
	void mailsInTheMailboxBecomeOneConversationOnceAndTheReplyGoesBackByMail() throws Exception {
		String mailbox = create(Map.of("kind", "email", "name", "Inbox " + UUID.randomUUID(), "settings", mailbox()));
		String customer = "lamp." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String subject = "Kapotte lamp " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", "Sanne de Vries <" + customer + ">", subject,
				"Mijn lamp is kapot aangekomen.", MAIL.getSmtp().getServerSetup());

		assertThat(this.poller.poll(UUID.fromString(mailbox))).isTrue();
		await().atMost(Duration.ofSeconds(20)).until(() -> textsOf(subject).size() == 1);
		int stored = eventsOf(mailbox);
		this.poller.poll(UUID.fromString(mailbox));
		assertThat(eventsOf(mailbox)).as("a second read stores nothing again").isEqualTo(stored);
		assertThat(textsOf(subject)).containsExactly("Mijn lamp is kapot aangekomen.");
		assertThat(this.jdbc.queryForObject("select last_uid from mailbox_sync where channel_account_id = ?", Long.class,
				UUID.fromString(mailbox))).isPositive();
		assertThat(this.jdbc.queryForObject("select connected from mailbox_sync where channel_account_id = ?",
				Boolean.class, UUID.fromString(mailbox))).isTrue();
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);
		assertThat(this.admin.get("/api/v1/conversations/" + conversation).text("latestInboundChannelAccountId"))
			.isEqualTo(mailbox);

		// The reply goes out on the channel of the customer's latest message: this mailbox.
		Response reply = this.admin.post("/api/v1/conversations/" + conversation + "/replies",
				json(Map.of("text", "Wij sturen vandaag een nieuwe lamp.")));
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(customer).length > 0);
		MimeMessage answer = MAIL.getReceivedMessagesForDomain(customer)[0];
		assertThat(answer.getSubject()).startsWith("Re: " + subject + " [#");
		assertThat(answer.getHeader("In-Reply-To")[0]).startsWith("<");

		// The customer answers the reply: it lands in the same conversation.
		MimeMessage again = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup()));
		again.setFrom(new jakarta.mail.internet.InternetAddress(customer));
		again.setRecipients(MimeMessage.RecipientType.TO, "support@shop.example.nl");
		again.setSubject(answer.getSubject());
		again.setHeader("In-Reply-To", answer.getMessageID());
		again.setText("Dank u wel!\n\nOp ma 3 nov. 2026 om 10:12 schreef Webshop Service <support@shop.example.nl>:\n"
				+ "> Wij sturen vandaag een nieuwe lamp.\n");
		jakarta.mail.Transport.send(again);
		assertThat(EmailParser.conversationNumber(answer.getSubject()))
			.isEqualTo(this.admin.get("/api/v1/conversations/" + conversation).json().path("number").asLong());
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.poller.poll(UUID.fromString(mailbox));
			return this.jdbc.queryForObject("select count(*) from messages where conversation_id = ? and direction = 'INBOUND'",
					Integer.class, UUID.fromString(conversation)) == 2;
		});
		assertThat(textsOf(subject)).containsExactlyInAnyOrder("Mijn lamp is kapot aangekomen.", "Dank u wel!");

		// The agent sees the new text; the whole mail, quoted history included, is one download away.
		String answerId = this.jdbc.queryForObject("select cast(id as varchar(36)) from messages where conversation_id = ? "
				+ "and direction = 'INBOUND' and text_body = 'Dank u wel!'", String.class, UUID.fromString(conversation));
		String originalUrl = this.admin.get("/api/v1/conversations/" + conversation + "/messages")
			.json()
			.path("items")
			.findValuesAsString("originalUrl")
			.stream()
			.filter(url -> url.contains(answerId))
			.findFirst()
			.orElseThrow();
		Response original = this.admin.get(originalUrl);
		assertThat(original.status()).as(original.toString()).isEqualTo(200);
		assertThat(original.header("Content-Disposition")).contains("attachment", ".eml");
		assertThat(original.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(original.body()).contains("In-Reply-To: " + answer.getMessageID(), "Dank u wel!",
				"> Wij sturen vandaag een nieuwe lamp.");
		assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages/" + reply.text("id") + "/original")
			.status()).as("a reply has no original").isEqualTo(404);
		assertThat(this.admin.get("/api/v1/conversations/" + UUID.randomUUID() + "/messages/" + answerId + "/original")
			.status()).as("only through its own conversation").isEqualTo(404);
		assertThat(this.admin.anonymous()
			.get("/api/v1/conversations/" + conversation + "/messages/" + answerId + "/original")
			.status()).isEqualTo(401);
	}

	int eventsOf(String mailbox) {
		return this.jdbc.queryForObject("select count(*) from inbound_events where channel_account_id = ?", Integer.class,
				UUID.fromString(mailbox));
	}

	java.util.List<String> textsOf(String subject) {
		return this.jdbc.queryForList("select m.text_body from messages m join conversations c on c.id = m.conversation_id "
				+ "where c.subject = ? and m.direction = 'INBOUND'", String.class, subject);
	}

	@Test
	void anOutOfOfficeNeverReopensSolvedWorkAndABounceMarksTheReplyFailed() throws Exception {
		String mailbox = create(Map.of("kind", "email", "name", "Loops " + UUID.randomUUID(), "settings", mailbox()));
		UUID mailboxId = UUID.fromString(mailbox);
		String customer = "weg." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String subject = "Retour " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", customer, subject, "Ik wil mijn jas retourneren.",
				MAIL.getSmtp().getServerSetup());
		this.poller.poll(mailboxId);
		await().atMost(Duration.ofSeconds(20)).until(() -> textsOf(subject).size() == 1);
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);
		Response reply = this.admin.post("/api/v1/conversations/" + conversation + "/replies",
				json(Map.of("text", "Het retourlabel zit in de bijlage.")));
		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(customer).length > 0);
		String replyMessageId = MAIL.getReceivedMessagesForDomain(customer)[0].getMessageID();
		assertThat(this.admin.patch("/api/v1/conversations/" + conversation, json(Map.of("status", "solved"))).status())
			.isEqualTo(200);

		MimeMessage outOfOffice = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup()));
		outOfOffice.setFrom(new jakarta.mail.internet.InternetAddress(customer));
		outOfOffice.setRecipients(MimeMessage.RecipientType.TO, "support@shop.example.nl");
		outOfOffice.setSubject("Automatisch antwoord: Re: " + subject);
		outOfOffice.setHeader("Auto-Submitted", "auto-replied");
		outOfOffice.setHeader("In-Reply-To", replyMessageId);
		outOfOffice.setText("Ik ben tot maandag afwezig.");
		jakarta.mail.Transport.send(outOfOffice);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			this.poller.poll(mailboxId);
			return inboundCount(conversation) == 2;
		});
		JsonNode after = this.admin.get("/api/v1/conversations/" + conversation).json();
		assertThat(after.path("status").asString()).isEqualTo("solved");
		assertThat(after.path("reopenCount").asInt()).isZero();

		MimeMessage bounce = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup()));
		bounce.setFrom(new jakarta.mail.internet.InternetAddress("MAILER-DAEMON@mx.example.nl"));
		bounce.setRecipients(MimeMessage.RecipientType.TO, "support@shop.example.nl");
		bounce.setSubject("Undelivered Mail Returned to Sender");
		jakarta.mail.internet.MimeMultipart report = new jakarta.mail.internet.MimeMultipart("report");
		jakarta.mail.internet.MimeBodyPart human = new jakarta.mail.internet.MimeBodyPart();
		human.setText("Your message could not be delivered.");
		report.addBodyPart(human);
		report.addBodyPart(part("Reporting-MTA: dns; mx.example.nl\r\n\r\nFinal-Recipient: rfc822; " + customer
				+ "\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n",
				"message/delivery-status"));
		report.addBodyPart(part("Message-ID: " + replyMessageId + "\r\nTo: " + customer + "\r\nSubject: Re: " + subject
				+ "\r\n", "text/rfc822-headers"));
		bounce.setContent(report);
		bounce.saveChanges();
		bounce.setHeader("Content-Type", "multipart/report; report-type=delivery-status; boundary=\""
				+ new jakarta.mail.internet.ContentType(report.getContentType()).getParameter("boundary") + "\"");
		jakarta.mail.Transport.send(bounce);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.poller.poll(mailboxId);
			JsonNode sent = null;
			for (JsonNode item : this.admin.get("/api/v1/conversations/" + conversation + "/messages").json().path("items")) {
				if (item.path("id").asString().equals(reply.text("id"))) {
					sent = item;
				}
			}
			assertThat(sent).isNotNull();
			assertThat(sent.path("deliveryStatus").asString()).isEqualTo("failed");
			assertThat(sent.path("failureReason").asString()).contains("Bounced", "User unknown");
		});
		assertThat(inboundCount(conversation)).isEqualTo(3);
		assertThat(this.admin.get("/api/v1/conversations/" + conversation).text("status")).isEqualTo("solved");

		// The next reply answers and quotes what the customer wrote, not the machines' mail.
		String customerMailId = this.jdbc.queryForObject("select provider_message_id from messages where conversation_id = ? "
				+ "and direction = 'INBOUND' and automated = false", String.class, UUID.fromString(conversation));
		assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").json().path("items")
			.findValues("automated")
			.stream()
			.filter(JsonNode::asBoolean)
			.count()).isEqualTo(2);
		this.admin.post("/api/v1/conversations/" + conversation + "/replies",
				json(Map.of("text", "Wij hebben uw juiste adres nodig.")));
		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(customer).length > 1);
		MimeMessage second = MAIL.getReceivedMessagesForDomain(customer)[1];
		assertThat(second.getHeader("In-Reply-To")[0]).isEqualTo(customerMailId);
		assertThat(((MimeMultipart) second.getContent()).getBodyPart(0).getContent().toString())
			.contains("> Ik wil mijn jas retourneren.")
			.doesNotContain("afwezig");
	}

	static jakarta.mail.internet.MimeBodyPart part(String content, String type) throws Exception {
		jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
		part.setDataHandler(new jakarta.activation.DataHandler(
				new jakarta.mail.util.ByteArrayDataSource(content.getBytes(StandardCharsets.US_ASCII), type)));
		part.setHeader("Content-Type", type);
		return part;
	}

	int inboundCount(String conversation) {
		return this.jdbc.queryForObject("select count(*) from messages where conversation_id = ? and direction = 'INBOUND'",
				Integer.class, UUID.fromString(conversation));
	}

	@Test
	void withImapIdleAMailArrivesWithoutWaitingForTheNextRead() {
		UUID mailbox = UUID.fromString(create(Map.of("kind", "email", "name", "Idle " + UUID.randomUUID(), "settings",
				mailbox())));
		this.poller.pollAll();
		// Once reading works the mailbox is watched too.
		await().atMost(Duration.ofSeconds(15)).until(() -> this.admin.get("/api/v1/channel-accounts/" + mailbox)
			.json()
			.path("status")
			.path("connected")
			.asBoolean());
		this.poller.pollAll();
		// Watched, and the reads are over, so only the watch can find the next mail.
		await().atMost(Duration.ofSeconds(15)).until(() -> this.poller.watching(mailbox) && Boolean.TRUE.equals(
				this.jdbc.queryForObject("select count(*) = 1 from mailbox_sync where channel_account_id = ? "
						+ "and last_sync_at is not null and lease_owner is null", Boolean.class, mailbox)));
		String subject = "Idle " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", "idle@example.nl", subject, "Is er iemand?",
				MAIL.getSmtp().getServerSetup());
		// Nobody calls poll: the IDLE watch reads the mailbox as soon as the server reports the mail.
		await().atMost(Duration.ofSeconds(15)).until(() -> textsOf(subject).size() == 1);
	}

	@Test
	void aMailboxThatKeepsFailingIsTriedLessOftenUntilAnAdminChangesIt() {
		Map<String, Object> settings = mailbox();
		settings.put("password", "a-password-that-was-changed");
		UUID mailbox = UUID.fromString(create(Map.of("kind", "email", "name", "Failing " + UUID.randomUUID(), "settings",
				settings)));
		this.poller.pollAll();
		await().atMost(Duration.ofSeconds(20)).until(() -> failures(mailbox) == 1);

		// Within the wait after one failure (one poll interval) nothing is tried.
		this.poller.pollAll();
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> failures(mailbox) == 1);
		assertThat(this.poller.watching(mailbox)).as("a failing login is not watched as well").isFalse();

		// After it, one more try; then the wait doubles.
		moveLastErrorBack(mailbox, Duration.ofSeconds(31));
		this.poller.pollAll();
		await().atMost(Duration.ofSeconds(20)).until(() -> failures(mailbox) == 2);
		moveLastErrorBack(mailbox, Duration.ofSeconds(31));
		this.poller.pollAll();
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> failures(mailbox) == 2);

		// An admin fixes the password: tried at once, and reading works again.
		Response fixed = this.admin.patch("/api/v1/channel-accounts/" + mailbox,
				json(Map.of("settings", Map.of("password", "mailbox-password"))));
		assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
		this.poller.pollAll();
		await().atMost(Duration.ofSeconds(20)).until(() -> failures(mailbox) == 0);
		assertThat(this.admin.get("/api/v1/channel-accounts/" + mailbox).json().path("status").path("connected").asBoolean())
			.isTrue();
	}

	int failures(UUID mailbox) {
		return this.jdbc.queryForList("select failures from mailbox_sync where channel_account_id = ?", Integer.class, mailbox)
			.stream()
			.findFirst()
			.orElse(0);
	}

	/** As if the last failure was longer ago (and the mailbox's settings older still). */
	void moveLastErrorBack(UUID mailbox, Duration by) {
		this.jdbc.update("update mailbox_sync set last_error_at = ? where channel_account_id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minus(by)), mailbox);
		this.jdbc.update("update channel_accounts set updated_at = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minus(by).minusSeconds(60)), mailbox);
	}

	@Test
	void aMailboxIsReadByOneNodeAtATime() throws Exception {
		String mailbox = create(Map.of("kind", "email", "name", "Leased " + UUID.randomUUID(), "settings", mailbox()));
		UUID id = UUID.fromString(mailbox);
		this.poller.poll(id);
		// Another node holds the lease: this one leaves the mailbox alone.
		this.jdbc.update("update mailbox_sync set lease_owner = 'node-elsewhere', lease_until = ? where channel_account_id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(3600)), id);
		String subject = "Lease " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", "lease@example.nl", subject, "Hallo?",
				MAIL.getSmtp().getServerSetup());
		int stored = eventsOf(mailbox);
		assertThat(this.poller.poll(id)).isTrue();
		assertThat(eventsOf(mailbox)).as("the mailbox was not read").isEqualTo(stored);

		// Its lease runs out (the node died): this node takes over.
		this.jdbc.update("update mailbox_sync set lease_until = ? where channel_account_id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(1)), id);
		this.poller.poll(id);
		await().atMost(Duration.ofSeconds(20)).until(() -> textsOf(subject).size() == 1);
		assertThat(this.jdbc.queryForObject("select lease_owner from mailbox_sync where channel_account_id = ?",
				String.class, id)).isNull();
	}

	@Test
	void aNewConversationIsAcknowledgedOnceAnHourInTheMailboxLanguageAndNeverToAMachine() throws Exception {
		Map<String, Object> settings = mailbox();
		settings.put("acknowledge", true);
		settings.put("acknowledgeLanguage", "nl");
		UUID mailbox = UUID.fromString(create(Map.of("kind", "email", "name", "Acks " + UUID.randomUUID(), "settings",
				settings)));
		String customer = "ack." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String subject = "Vraag " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", customer, subject, "Hebben jullie dit op voorraad?",
				MAIL.getSmtp().getServerSetup());
		this.poller.poll(mailbox);
		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(customer).length == 1);
		MimeMessage ack = MAIL.getReceivedMessagesForDomain(customer)[0];
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);
		long number = this.admin.get("/api/v1/conversations/" + conversation).json().path("number").asLong();
		assertThat(ack.getSubject()).isEqualTo("Re: " + subject + " [#" + number + "]");
		assertThat(ack.getHeader("Auto-Submitted")[0]).isEqualTo("auto-replied");
		assertThat(ack.getHeader("X-Auto-Response-Suppress")[0]).isEqualTo("All");
		assertThat(((MimeMultipart) ack.getContent()).getBodyPart(0).getContent().toString())
			.contains("Uw referentie is #" + number);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.admin
			.get("/api/v1/conversations/" + conversation + "/messages")
			.body()).contains("\"authorType\":\"system\"", "\"deliveryStatus\":\"sent\""));

		// Closed, so the next mail starts a new conversation: within the hour it is not acknowledged again.
		this.admin.patch("/api/v1/conversations/" + conversation, json(Map.of("status", "solved")));
		assertThat(this.admin.patch("/api/v1/conversations/" + conversation, json(Map.of("status", "closed"))).status())
			.isEqualTo(200);
		String second = subject + " (2)";
		GreenMailUtil.sendTextEmail("support@shop.example.nl", customer, second, "Nog een vraag.",
				MAIL.getSmtp().getServerSetup());
		String machine = "no-reply." + UUID.randomUUID().toString().substring(0, 6) + "@example.nl";
		GreenMailUtil.sendTextEmail("support@shop.example.nl", machine, "Uw bestelling is verzonden", "Track & trace: 123",
				MAIL.getSmtp().getServerSetup());
		this.poller.poll(mailbox);
		await().atMost(Duration.ofSeconds(20)).until(() -> textsOf(second).size() == 1);
		// Nothing more leaves, also not a moment later (the outbox is polled every half second).
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> MAIL.getReceivedMessagesForDomain(customer).length == 1
					&& MAIL.getReceivedMessagesForDomain(machine).length == 0);
	}

	@Test
	void anAdminTestsAMailboxAndSeesHowReadingItGoes() {
		String mailbox = create(Map.of("kind", "email", "name", "Tested " + UUID.randomUUID(), "settings", mailbox()));
		assertThat(this.admin.get("/api/v1/channel-accounts/" + mailbox).json().path("status").path("connected").asBoolean())
			.isFalse();
		Response works = this.admin.post("/api/v1/channel-accounts/" + mailbox + "/test", "");
		assertThat(works.status()).as(works.toString()).isEqualTo(200);
		assertThat(works.json().path("ok").asBoolean()).as(works.toString()).isTrue();
		this.poller.poll(UUID.fromString(mailbox));
		Response status = this.admin.get("/api/v1/channel-accounts/" + mailbox);
		assertThat(status.json().path("status").path("connected").asBoolean()).as(status.toString()).isTrue();
		assertThat(status.json().path("status").path("lastSyncAt").asString()).isNotBlank();

		this.admin.patch("/api/v1/channel-accounts/" + mailbox, json(Map.of("settings", Map.of("password", "wrong"))));
		Response refused = this.admin.post("/api/v1/channel-accounts/" + mailbox + "/test", "");
		assertThat(refused.json().path("ok").asBoolean()).isFalse();
		assertThat(refused.text("imap")).contains("refused the login");
		this.poller.poll(UUID.fromString(mailbox));
		JsonNode broken = this.admin.get("/api/v1/channel-accounts/" + mailbox).json().path("status");
		assertThat(broken.path("connected").asBoolean()).isFalse();
		assertThat(broken.path("lastError").asString()).contains("refused the login");

		Map<String, Object> elsewhere = new LinkedHashMap<>(mailbox());
		elsewhere.put("imapPort", 1);
		elsewhere.put("smtpPort", 1);
		String unreachable = create(Map.of("kind", "email", "name", "Unreachable " + UUID.randomUUID(), "settings", elsewhere));
		Response down = this.admin.post("/api/v1/channel-accounts/" + unreachable + "/test", "");
		assertThat(down.text("imap")).contains("cannot be reached");
		assertThat(down.text("smtp")).contains("cannot be reached");

		String api = create(Map.of("kind", "api", "name", "Not a mailbox " + UUID.randomUUID(), "settings",
				Map.of("secret", SECRET)));
		assertThat(this.admin.post("/api/v1/channel-accounts/" + api + "/test", "").status()).isEqualTo(400);
	}

	@Test
	void aReplyToAMailWithoutSubjectIsTitledInTheMailboxLanguageAndKeepsOneNumber() {
		assertThat(EmailProvider.subject(outbound(null, 7), "Uw vraag")).isEqualTo("Re: Uw vraag [#7]");
		assertThat(EmailProvider.subject(outbound("RE: Antw: Kapotte lamp [#7]", 7), "Uw vraag"))
			.isEqualTo("Re: Kapotte lamp [#7]");
	}

	static nl.naadloos.conversations.OutboundDelivery.OutboundMessage outbound(String subject, long number) {
		return new nl.naadloos.conversations.OutboundDelivery.OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), number,
				subject, UUID.randomUUID(), null, "Tekst", "Agent", null, false, null, java.util.List.of());
	}

	@Test
	void aMailboxIsCheckedAndItsPasswordNeverShown() {
		Map<String, Object> settings = mailbox();
		Response created = this.admin.post("/api/v1/channel-accounts",
				json(Map.of("kind", "email", "name", "Checked " + UUID.randomUUID(), "settings", settings)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.body()).doesNotContain("mailbox-password").contains("\"passwordSet\":true");
		assertThat(created.json().path("settings").path("imapPort").asInt()).isEqualTo(MAIL.getImap().getPort());
		assertThat(created.json().path("settings").path("folder").asString()).isEqualTo("INBOX");

		Map<String, Object> defaults = new LinkedHashMap<>(settings);
		defaults.remove("imapPort");
		defaults.remove("smtpPort");
		defaults.put("imapSecurity", "tls");
		defaults.put("smtpSecurity", "starttls");
		Response usual = this.admin.post("/api/v1/channel-accounts",
				json(Map.of("kind", "email", "name", "Usual ports " + UUID.randomUUID(), "settings", defaults)));
		assertThat(usual.json().path("settings").path("imapPort").asInt()).isEqualTo(993);
		assertThat(usual.json().path("settings").path("smtpPort").asInt()).isEqualTo(587);

		for (Map.Entry<String, Object> wrong : Map.<String, Object>of("address", "not-an-address", "imapSecurity", "ssl3",
				"smtpPort", 70000, "imapHost", "imap host with spaces", "processedAction", "delete", "colour", "blue")
			.entrySet()) {
			Map<String, Object> bad = new LinkedHashMap<>(settings);
			bad.put(wrong.getKey(), wrong.getValue());
			Response refused = this.admin.post("/api/v1/channel-accounts",
					json(Map.of("kind", "email", "name", "Bad " + UUID.randomUUID(), "settings", bad)));
			assertThat(refused.status()).as(wrong + " -> " + refused).isEqualTo(400);
			assertThat(refused.text("detail")).as(wrong.toString()).contains(wrong.getKey());
		}
		Map<String, Object> noPassword = new LinkedHashMap<>(settings);
		noPassword.remove("password");
		assertThat(this.admin.post("/api/v1/channel-accounts",
				json(Map.of("kind", "email", "name", "No password", "settings", noPassword))).text("detail"))
			.contains("settings.password is required");
	}

	@Test
	void aReplyCarriesTheAgentsFilesUnderTheMailboxSignatureAndQuotesTheCustomerInTheMailboxLanguage() throws Exception {
		Map<String, Object> settings = mailbox();
		settings.put("signature", "Met vriendelijke groet,\n{agent}\nTeam {mailbox}");
		settings.put("acknowledgeLanguage", "nl");
		String mailbox = create(Map.of("kind", "email", "name", "Files " + UUID.randomUUID(), "settings", settings));
		String customer = "offerte." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String subject = "Offerte " + UUID.randomUUID().toString().substring(0, 4);
		GreenMailUtil.sendTextEmail("support@shop.example.nl", "Bram Jansen <" + customer + ">", subject,
				"Kunt u mij een offerte sturen?", MAIL.getSmtp().getServerSetup());
		this.poller.poll(UUID.fromString(mailbox));
		await().atMost(Duration.ofSeconds(20)).until(() -> textsOf(subject).size() == 1);
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);

		byte[] pdf = ("%PDF-1.4\n" + UUID.randomUUID() + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
		byte[] photo = new byte[300_000];
		new java.util.Random(7).nextBytes(photo);
		MultipartBody form = new MultipartBody().field("text", "Hierbij de offerte en een foto.")
			.file("files", "Offerte €120.pdf", "application/pdf", pdf)
			.file("files", "../../etc/foto.jpg", "image/jpeg", photo);
		Response reply = this.admin.sendBytes("POST", "/api/v1/conversations/" + conversation + "/replies", form.bytes(),
				form.contentType());
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		assertThat(reply.json().path("attachments")).hasSize(2);
		assertThat(reply.json().path("attachments").findValuesAsString("fileName")).containsExactlyInAnyOrder("foto.jpg",
				"Offerte €120.pdf");

		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(customer).length > 0);
		MimeMessage mail = MAIL.getReceivedMessagesForDomain(customer)[0];
		MimeMultipart mixed = (MimeMultipart) mail.getContent();
		assertThat(mixed.getContentType()).startsWith("multipart/mixed");
		assertThat(mixed.getCount()).isEqualTo(3);
		MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
		String text = alternative.getBodyPart(0).getContent().toString().replace("\r\n", "\n");
		assertThat(text).contains("Hierbij de offerte en een foto.\n\n-- \nMet vriendelijke groet,\nAdministrator\nTeam Webshop Service",
				"schreef Bram Jansen <" + customer + ">:\n> Kunt u mij een offerte sturen?")
			.startsWith("Hierbij")
			.containsPattern("\nOp .+ schreef ");
		java.util.Map<String, byte[]> files = new java.util.HashMap<>();
		for (int i = 1; i < mixed.getCount(); i++) {
			jakarta.mail.BodyPart part = mixed.getBodyPart(i);
			assertThat(part.getDisposition()).isEqualTo(jakarta.mail.Part.ATTACHMENT);
			files.put(jakarta.mail.internet.MimeUtility.decodeText(part.getFileName()), part.getInputStream().readAllBytes());
		}
		assertThat(files).containsOnlyKeys("Offerte €120.pdf", "foto.jpg");
		assertThat(files.get("Offerte €120.pdf")).isEqualTo(pdf);
		assertThat(files.get("foto.jpg")).isEqualTo(photo);
		assertThat(mixed.getBodyPart(1).getContentType()).startsWith("application/pdf");
	}

	@Test
	void aReplyWithFilesIsCheckedAtTheDoor() throws Exception {
		byte[] unique = ("refused " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		MultipartBody form = new MultipartBody().field("text", "Met bijlage").file("files", "a.txt", "text/plain", unique);
		Response missing = this.admin.sendBytes("POST", "/api/v1/conversations/" + UUID.randomUUID() + "/replies",
				form.bytes(), form.contentType());
		assertThat(missing.status()).as(missing.toString()).isEqualTo(404);

		MultipartBody noText = new MultipartBody().file("files", "a.txt", "text/plain", unique);
		Response blank = this.admin.sendBytes("POST", "/api/v1/conversations/" + UUID.randomUUID() + "/replies",
				noText.bytes(), noText.contentType());
		assertThat(blank.status()).as(blank.toString()).isEqualTo(400);
		assertThat(blank.text("detail")).contains("text");

		MultipartBody many = new MultipartBody().field("text", "Veel bijlagen");
		for (int i = 0; i < 11; i++) {
			many.file("files", "f" + i + ".txt", "text/plain", unique);
		}
		Response tooMany = this.admin.sendBytes("POST", "/api/v1/conversations/" + UUID.randomUUID() + "/replies",
				many.bytes(), many.contentType());
		assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
		assertThat(tooMany.text("detail")).contains("at most 10 files");

		MultipartBody badType = new MultipartBody().field("text", "Rare bijlage").file("files", "a.bin", "not a type", unique);
		Response refused = this.admin.sendBytes("POST", "/api/v1/conversations/" + UUID.randomUUID() + "/replies",
				badType.bytes(), badType.contentType());
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.text("detail")).contains("no valid media type");
	}

	Map<String, Object> mailbox() {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("address", "Support@Shop.example.nl");
		settings.put("displayName", "Webshop Service");
		settings.put("imapHost", "127.0.0.1");
		settings.put("imapPort", MAIL.getImap().getPort());
		settings.put("imapSecurity", "none");
		settings.put("smtpHost", "127.0.0.1");
		settings.put("smtpPort", MAIL.getSmtp().getPort());
		settings.put("smtpSecurity", "none");
		settings.put("username", "support@shop.example.nl");
		settings.put("password", "mailbox-password");
		return settings;
	}

	String create(Map<String, Object> account) {
		Response created = this.admin.post("/api/v1/channel-accounts", json(account));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.text("id");
	}

}
