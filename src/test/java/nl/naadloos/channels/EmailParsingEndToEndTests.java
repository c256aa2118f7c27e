package nl.naadloos.channels;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.GreenMailbox;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mail with an inline image and remote images, from the IMAP mailbox (GreenMail) through the poller into a
 * conversation, as the messages and timeline APIs show it: the inline image in place, remote images blocked
 * until asked for.
 */
@IntegrationTest
class EmailParsingEndToEndTests {

	@RegisterExtension
	static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("support@shop.example.nl", "mailbox-password"));

	static final byte[] PNG = Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

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
	void anInlineImageShowsInPlaceAndRemoteImagesLoadOnlyWhenTheAgentAsks() throws Exception {
		UUID mailbox = UUID.fromString(mailbox());
		String subject = "Schade aan de kast " + UUID.randomUUID().toString().substring(0, 6);
		deliver("""
				From: Iris Meijer <iris.meijer@example.nl>
				To: support@shop.example.nl
				Subject: %s
				Message-ID: <%s@example.nl>
				MIME-Version: 1.0
				Content-Type: multipart/related; boundary="rel"

				--rel
				Content-Type: text/html; charset=utf-8

				<p>De zijkant is beschadigd:</p><p><img src="cid:schade-1@example.nl" alt="schade"></p>
				<p><img src="https://cdn.example.com/logo.png" alt="logo"><img src="http://t.example.com/open.gif?u=1&amp;m=2" width="1" height="1"></p>
				--rel
				Content-Type: image/png; name="schade.png"
				Content-Disposition: inline; filename="schade.png"
				Content-ID: <schade-1@example.nl>
				Content-Transfer-Encoding: base64

				%s
				--rel--
				""".formatted(subject, UUID.randomUUID(), Base64.getMimeEncoder().encodeToString(PNG)));

		this.poller.poll(mailbox);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from conversations where subject = ?", Integer.class,
					subject) == 1);
		String conversation = this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where subject = ?",
				String.class, subject);

		JsonNode message = inbound(this.admin.get("/api/v1/conversations/" + conversation + "/messages").json());
		JsonNode image = message.path("attachments").get(0);
		assertThat(message.path("attachments")).hasSize(1);
		assertThat(image.path("fileName").asString()).isEqualTo("schade.png");
		assertThat(image.path("inline").asBoolean()).isTrue();
		String url = image.path("url").asString();
		assertThat(url).isEqualTo("/api/v1/conversations/" + conversation + "/messages/" + message.path("id").asString()
				+ "/attachments/" + image.path("id").asString());
		String html = message.path("html").asString();
		assertThat(html).contains("<img src=\"" + url + "\" alt=\"schade\" />")
			.contains("data-remote-src=\"https://cdn.example.com/logo.png\"")
			.doesNotContain("cid:")
			.doesNotContain(" src=\"http");
		assertThat(message.path("remoteImages").asInt()).isEqualTo(2);
		Response png = this.admin.get(url);
		assertThat(png.status()).isEqualTo(200);
		assertThat(png.header("Content-Type")).isEqualTo("image/png");
		assertThat(png.header("Content-Length")).isEqualTo(String.valueOf(PNG.length));

		// The agent allows the remote images of this message.
		JsonNode shown = inbound(
				this.admin.get("/api/v1/conversations/" + conversation + "/messages?remoteImages=show").json());
		assertThat(shown.path("html").asString()).contains("<img src=\"https://cdn.example.com/logo.png\" alt=\"logo\" />")
			.contains("src=\"http://t.example.com/open.gif?u&#61;1&amp;m&#61;2\"")
			.contains("<img src=\"" + url + "\"")
			.doesNotContain("data-remote-src");

		String contact = this.admin.get("/api/v1/conversations/" + conversation).text("contactId");
		JsonNode timeline = this.admin.get("/api/v1/contacts/" + contact + "/timeline").json();
		assertThat(inbound(timeline).path("html").asString()).contains("<img src=\"" + url + "\"")
			.doesNotContain(" src=\"http");
		assertThat(inbound(timeline).path("remoteImages").asInt()).isEqualTo(2);
		assertThat(inbound(this.admin.get("/api/v1/contacts/" + contact + "/timeline?remoteImages=show").json())
			.path("html")
			.asString()).contains("<img src=\"https://cdn.example.com/logo.png\"");

		Response wrong = this.admin.get("/api/v1/conversations/" + conversation + "/messages?remoteImages=always");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.text("detail")).contains("remoteImages must be show or block");
	}

	static JsonNode inbound(JsonNode page) {
		for (JsonNode item : page.path("items")) {
			if (item.path("direction").asString().equals("inbound")) {
				return item;
			}
		}
		throw new AssertionError("No inbound message in " + page);
	}

	/** Puts the mail into the mailbox byte for byte, as a mail server would. */
	static void deliver(String eml) throws Exception {
		byte[] bytes = eml.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
		MimeMessage message = new MimeMessage(GreenMailUtil.getSession(MAIL.getImap().getServerSetup()),
				new ByteArrayInputStream(bytes));
		MAIL.getUserManager().getUser("support@shop.example.nl").deliver(message);
	}

	String mailbox() {
		Map<String, Object> settings = GreenMailbox.settings(MAIL, "support@shop.example.nl", "Webshop Service");
		Response created = this.admin.post("/api/v1/channel-accounts",
				json(Map.of("kind", "email", "name", "Parsing " + UUID.randomUUID(), "settings", settings)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.text("id");
	}

}
