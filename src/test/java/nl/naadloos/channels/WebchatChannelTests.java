package nl.naadloos.channels;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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
import org.springframework.test.context.TestPropertySource;

import nl.naadloos.support.GreenMailbox;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.MultipartBody;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;
import nl.naadloos.support.WidgetClient;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The chat widget's server side as a visitor's browser and an integrator see it: WebSocket frames in and
 * out, stored conversations, the REST API for the agent, and mail for the visitor who left.
 */
@IntegrationTest
@TestPropertySource(properties = "naadloos.channels.webchat.max-file-size=64KB")
class WebchatChannelTests {

	@RegisterExtension
	static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("support@shop.example.nl", "mailbox-password"));

	static final String SHOP = "https://www.fietsenwinkel.example";

	static final String SECRET = "widget-secret-0123456789-abcdef";

	static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
			+ "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	WebchatEmailFallback fallback;

	@Autowired
	MailboxPoller poller;

	@Autowired
	nl.naadloos.conversations.ConversationDesk desk;

	TestApi admin;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
	}

	@Test
	void aVisitorChatsAndTheAgentsAnswerReachesTheWidgetWithinASecond() {
		String widget = widget(Map.of());
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			JsonNode welcome = visitor.send(Map.of("type", "hello", "language", "nl")).next("welcome");
			String token = welcome.path("token").asString();
			assertThat(token).startsWith("v1.");
			assertThat(welcome.path("conversation").isNull()).isTrue();

			JsonNode ack = visitor.send(message("c1", "Hoi, is de Gazelle nog leverbaar?", Map.of("name", "Eva de Boer"))).next("ack");
			assertThat(ack.path("clientId").asString()).isEqualTo("c1");
			JsonNode mine = ack.path("message");
			assertThat(mine.path("from").asString()).isEqualTo("visitor");
			assertThat(mine.path("clientId").asString()).isEqualTo("c1");
			long number = mine.path("conversation").asLong();

			// The same message again (a reconnect, a second tab): the same message, stored once.
			JsonNode again = visitor.send(message("c1", "Hoi, is de Gazelle nog leverbaar?", Map.of())).next("ack");
			assertThat(again.path("message").path("id").asString()).isEqualTo(mine.path("id").asString());
			String conversation = conversationOf(number);
			assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").json().path("items").size())
				.isEqualTo(1);
			Response agentView = this.admin.get("/api/v1/conversations/" + conversation);
			assertThat(agentView.json().path("channels").toString()).contains("webchat");
			assertThat(this.admin.get("/api/v1/contacts/" + agentView.text("contactId")).text("name")).isEqualTo("Eva de Boer");

			long sentAt = System.nanoTime();
			Response reply = this.admin.post("/api/v1/conversations/" + conversation + "/replies",
					json(Map.of("text", "Ja! Hij staat in de winkel. https://fietsen.example/gazelle")));
			assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
			JsonNode answer = visitor.next("message", Duration.ofSeconds(1)).path("message");
			assertThat(Duration.ofNanos(System.nanoTime() - sentAt)).isLessThan(Duration.ofSeconds(1));
			assertThat(answer.path("from").asString()).isEqualTo("agent");
			assertThat(answer.path("author").path("name").asString()).isEqualTo("Administrator");
			assertThat(answer.path("author").has("email")).isFalse();
			assertThat(answer.path("text").asString()).contains("Hij staat in de winkel");

			visitor.send(Map.of("type", "read", "upTo", answer.path("id").asString()));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.admin
				.get("/api/v1/conversations/" + conversation + "/messages")
				.body()).contains("\"deliveryStatus\":\"read\""));

			// A reload: the same token gets the whole conversation back.
			try (WidgetClient reloaded = WidgetClient.connect(this.port, widget, SHOP)) {
				JsonNode back = reloaded.send(Map.of("type", "hello", "token", token)).next("welcome");
				assertThat(back.path("conversation").path("number").asLong()).isEqualTo(number);
				assertThat(back.path("messages").findValuesAsString("text")).containsExactly(
						"Hoi, is de Gazelle nog leverbaar?", "Ja! Hij staat in de winkel. https://fietsen.example/gazelle");
				assertThat(back.path("messages").get(0).path("clientId").asString()).isEqualTo("c1");
			}
		}
	}

	@Test
	void anotherTabOfTheSameVisitorSeesWhatWasSentAndTheAgentTyping() {
		String widget = widget(Map.of());
		try (WidgetClient first = WidgetClient.connect(this.port, widget, SHOP)) {
			String token = first.send(Map.of("type", "hello")).next("welcome").path("token").asString();
			JsonNode ack = first.send(message("t1", "Eerste bericht", Map.of())).next("ack");
			try (WidgetClient second = WidgetClient.connect(this.port, widget, SHOP)) {
				second.send(Map.of("type", "hello", "token", token)).next("welcome");
				first.send(message("t2", "Nog een vraag", Map.of())).next("ack");
				JsonNode copy = second.next("message").path("message");
				assertThat(copy.path("clientId").asString()).isEqualTo("t2");
				UUID conversation = UUID.fromString(conversationOf(ack.path("message").path("conversation").asLong()));
				// An agent types and then has the conversation on screen: both tabs hear it.
				this.desk.typing(conversation, UUID.randomUUID(), "Anna de Vries");
				for (WidgetClient tab : List.of(first, second)) {
					JsonNode typing = tab.next("typing");
					assertThat(typing.path("name").asString()).as("the first name only").isEqualTo("Anna");
				}
				this.desk.seen(conversation);
				for (WidgetClient tab : List.of(first, second)) {
					assertThat(tab.next("read").path("upTo").asString()).isEqualTo(copy.path("id").asString());
				}
			}
		}
	}

	@Test
	void newChatsGoToTheWidgetsTeam() {
		Response team = this.admin.post("/api/v1/teams", json(Map.of("name", "Webwinkel " + UUID.randomUUID())));
		assertThat(team.status()).as(team.toString()).isEqualTo(201);
		String widget = widget(Map.of("team", team.text("id")));
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello")).next("welcome");
			long number = visitor.send(message("team1", "Wie helpt mij?", Map.of())).next("ack").path("message")
				.path("conversation")
				.asLong();
			assertThat(this.admin.get("/api/v1/conversations/" + conversationOf(number)).text("teamId"))
				.isEqualTo(team.text("id"));
		}
	}

	@Test
	void aPageOnAnotherSiteIsRefused() {
		String widget = widget(Map.of());
		assertThatThrownBy(() -> WidgetClient.connect(this.port, widget, "https://evil.example"))
			.isInstanceOf(CompletionException.class);
		Response config = this.admin.anonymous().header("Origin", "https://evil.example").get("/widget/api/" + widget + "/config");
		assertThat(config.status()).isEqualTo(403);
		assertThat(config.header("Content-Type")).startsWith("application/problem+json");
		assertThat(config.text("detail")).contains("https://evil.example");
		assertThat(config.header("Access-Control-Allow-Origin")).isNull();

		Response allowed = this.admin.anonymous().header("Origin", SHOP).get("/widget/api/" + widget + "/config");
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
		assertThat(allowed.json().path("greeting").path("nl").asString()).isEqualTo("Hoi! Waarmee kunnen we helpen?");
		assertThat(allowed.body()).doesNotContain(SECRET);
	}

	@Test
	void aForgedIdentityHashContinuesAsAnAnonymousGuest() {
		String widget = widget(Map.of());
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello", "identifier", "boss@fietsenwinkel.example", "hash", "00".repeat(32)));
			assertThat(visitor.next("error").path("code").asString()).isEqualTo("unauthorised");
			JsonNode welcome = visitor.next("welcome");
			assertThat(welcome.path("identified").asBoolean()).isFalse();
			assertThat(welcome.path("earlier")).isEmpty();
		}
	}

	@Test
	void aLoggedInShopCustomerSeesTheirEarlierConversationsFromOtherChannels() {
		String widget = widget(Map.of());
		String email = "piet." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String api = create(Map.of("kind", "api", "name", "Shop " + UUID.randomUUID(), "settings",
				Map.of("secret", SECRET, "trusted", true)));
		Response earlier = this.admin.inbound(api, SECRET, Map.of("messageId", "m-" + UUID.randomUUID(), "from",
				Map.of("id", "cust-" + UUID.randomUUID(), "name", "Piet Jansen", "email", email), "text", "Mijn bestelling is kapot."));
		assertThat(earlier.status()).as(earlier.toString()).isEqualTo(202);
		long number = earlier.json().path("conversationNumber").asLong();

		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			JsonNode welcome = visitor.send(Map.of("type", "hello", "identifier", email, "hash", hmac(email))).next("welcome");
			assertThat(welcome.path("identified").asBoolean()).isTrue();
			assertThat(welcome.path("conversation").path("number").asLong()).isEqualTo(number);
			assertThat(welcome.path("messages").findValuesAsString("text")).containsExactly("Mijn bestelling is kapot.");
			JsonNode ack = visitor.send(message("i1", "Ik chat er even over verder", Map.of())).next("ack");
			assertThat(ack.path("message").path("conversation").asLong()).as("the same conversation, now by chat").isEqualTo(number);
			assertThat(this.admin.get("/api/v1/conversations/" + earlier.text("conversationId")).json().path("channels").toString())
				.contains("api", "webchat");
		}
	}

	@Test
	void anEmailTypedIntoThePreChatFormOnlySuggestsAMerge() {
		String widget = widget(Map.of());
		String email = "bekend." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String api = create(Map.of("kind", "api", "name", "Shop " + UUID.randomUUID(), "settings",
				Map.of("secret", SECRET, "trusted", true)));
		String known = this.admin.inbound(api, SECRET, Map.of("messageId", "m-" + UUID.randomUUID(), "from",
				Map.of("id", "cust-" + UUID.randomUUID(), "name", "Joris Bakker", "email", email), "text", "Hallo"))
			.text("contactId");
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello")).next("welcome");
			JsonNode ack = visitor.send(message("p1", "Ik ben Joris", Map.of("name", "Joris", "email", email))).next("ack");
			String conversation = conversationOf(ack.path("message").path("conversation").asLong());
			String visitorContact = this.admin.get("/api/v1/conversations/" + conversation).text("contactId");
			assertThat(visitorContact).as("never merged on an address typed into a form").isNotEqualTo(known);
			assertThat(this.admin.get("/api/v1/contacts/merge-suggestions?contactId=" + known).body()).contains(visitorContact);
			// The typed address gives no access to the known customer's conversations either.
			try (WidgetClient again = WidgetClient.connect(this.port, widget, SHOP)) {
				JsonNode welcome = again.send(Map.of("type", "hello", "token", visitor.seen().getFirst().path("token").asString()))
					.next("welcome");
				assertThat(welcome.path("earlier")).isEmpty();
				assertThat(welcome.path("messages").findValuesAsString("text")).containsExactly("Ik ben Joris");
			}
		}
	}

	@Test
	void filesAreJudgedByTheirContentAndServedOnlyWithTheirSignature() throws Exception {
		String widget = widget(Map.of());
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			String token = visitor.send(Map.of("type", "hello")).next("welcome").path("token").asString();

			HttpResponse<String> disguised = upload(widget, token, "factuur.pdf", "MZ\u0090\u0000 this is a program".getBytes(StandardCharsets.ISO_8859_1));
			assertThat(disguised.statusCode()).isEqualTo(415);
			assertThat(disguised.body()).contains("Only images");
			assertThat(disguised.headers().firstValue("Access-Control-Allow-Origin")).as("the widget may read why").hasValue(SHOP);
			HttpResponse<String> huge = upload(widget, token, "groot.png", bigPng());
			assertThat(huge.statusCode()).isEqualTo(413);
			HttpResponse<String> foreign = upload(widget, "not-a-token", "a.png", PNG);
			assertThat(foreign.statusCode()).isEqualTo(400);

			HttpResponse<String> ok = upload(widget, token, "../../etc/kras.png", PNG);
			assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
			assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SHOP);
			JsonNode file = tools.jackson.databind.json.JsonMapper.builder().build().readTree(ok.body());
			assertThat(file.path("name").asString()).isEqualTo("kras.png");
			assertThat(file.path("type").asString()).isEqualTo("image/png");

			// Another visitor cannot use this visitor's file token.
			try (WidgetClient other = WidgetClient.connect(this.port, widget, SHOP)) {
				other.send(Map.of("type", "hello")).next("welcome");
				other.send(Map.of("type", "message", "clientId", "x1", "text", "", "files", List.of(file.path("token").asString())));
				assertThat(other.next("error").path("code").asString()).isEqualTo("bad-file");
			}

			JsonNode ack = visitor.send(Map.of("type", "message", "clientId", "f1", "text", "Zie de foto",
					"files", List.of(file.path("token").asString()))).next("ack");
			JsonNode sent = ack.path("message").path("files").get(0);
			assertThat(sent.path("image").asBoolean()).isTrue();
			String url = sent.path("url").asString();
			HttpResponse<byte[]> download = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(download.statusCode()).isEqualTo(200);
			assertThat(download.body()).isEqualTo(PNG);
			assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			HttpResponse<byte[]> forged = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url.replaceAll("sig=.*", "sig=forged"))).build(),
						HttpResponse.BodyHandlers.ofByteArray());
			assertThat(forged.statusCode()).isEqualTo(404);

			String conversation = conversationOf(ack.path("message").path("conversation").asLong());
			assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").body()).contains("kras.png",
					"image/png");
		}
	}

	@Test
	void aFloodOfMessagesIsSlowedDownAndNothingIsStoredTwice() {
		String widget = widget(Map.of());
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello")).next("welcome");
			for (int i = 0; i < 30; i++) {
				visitor.send(message("flood-" + i, "spam " + i, Map.of()));
			}
			int acks = 0;
			int limited = 0;
			for (int i = 0; i < 30; i++) {
				JsonNode frame = visitor.poll(Duration.ofSeconds(10));
				assertThat(frame).as("an answer to every message").isNotNull();
				if ("ack".equals(frame.path("type").asString())) {
					acks++;
				}
				else if ("rate-limited".equals(frame.path("code").asString())) {
					limited++;
					assertThat(frame.path("retryAfter").asLong()).isPositive();
				}
			}
			assertThat(acks).isEqualTo(10);
			assertThat(limited).isEqualTo(20);
			assertThat(this.jdbc.queryForObject("select count(*) from inbound_events where channel_account_id = ?",
					Integer.class, UUID.fromString(widget))).isEqualTo(10);
			String tooLong = "x".repeat(WebchatSocket.MAX_TEXT + 1);
			visitor.send(message("long", tooLong, Map.of()));
			// Rate limited or too long: either way refused, and never stored.
			assertThat(visitor.next("error").path("code").asString()).isIn("too-long", "rate-limited");
		}
	}

	@Test
	void aFrameLargerThanTheServersBufferArrivesInPartsAndOneOverTheLimitClosesTheConnection() throws Exception {
		String widget = widget(Map.of());
		// 4,806 characters of text, but over 9,600 in the frame: JSON escapes every quote and backslash.
		String text = "\"\\".repeat(2_400) + " einde";
		assertThat(text.length()).isLessThanOrEqualTo(WebchatSocket.MAX_TEXT);
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello")).next("welcome");
			JsonNode ack = visitor.send(message("big-1", text, Map.of())).next("ack");
			assertThat(ack.path("message").path("text").asString()).isEqualTo(text);
			assertThat(visitor.send(Map.of("type", "ping")).next("pong")).isNotNull();
		}
		CompletableFuture<Integer> closed = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.header("Origin", SHOP)
			.buildAsync(URI.create("ws://localhost:" + this.port + "/widget/ws/" + widget), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					closed.complete(statusCode);
					return null;
				}

			})
			.join();
		socket.sendText("{\"type\":\"hello\",\"page\":\"" + "x".repeat(WebchatSocket.MAX_FRAME) + "\"}", true).join();
		assertThat(closed.get(10, TimeUnit.SECONDS)).as("1009: message too big").isEqualTo(1009);
	}

	@Test
	void aVisitorWhoLeftGetsTheAnswerByMailAndTheirMailContinuesTheChat() throws Exception {
		String mailbox = create(Map.of("kind", "email", "name", "Support " + UUID.randomUUID(), "settings",
				GreenMailbox.settings(MAIL, "support@shop.example.nl", "Fietsenwinkel De Spaak")));
		String widget = widget(Map.of("mailbox", mailbox, "emailAfterMinutes", 5));
		String email = "lotte." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		String token;
		long number;
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			token = visitor.send(Map.of("type", "hello")).next("welcome").path("token").asString();
			JsonNode ack = visitor.send(message("o1", "Kunnen jullie mijn fiets ophalen?",
					Map.of("name", "Lotte Visser", "email", email))).next("ack");
			number = ack.path("message").path("conversation").asLong();
		}
		String conversation = conversationOf(number);
		Response reply = this.admin.post("/api/v1/conversations/" + conversation + "/replies",
				json(Map.of("text", "Ja, donderdag tussen 9 en 12 uur.")));
		assertThat(reply.status()).isEqualTo(201);

		this.fallback.sendUnread();
		assertThat(MAIL.getReceivedMessagesForDomain(email)).as("not yet: the visitor may still come back").isEmpty();
		this.jdbc.update("update messages set created_at = created_at - interval '6' minute where conversation_id = ?",
				UUID.fromString(conversation));
		this.fallback.sendUnread();
		this.fallback.sendUnread();
		await().atMost(Duration.ofSeconds(20)).until(() -> MAIL.getReceivedMessagesForDomain(email).length > 0);
		MimeMessage mail = MAIL.getReceivedMessagesForDomain(email)[0];
		assertThat(GreenMailUtil.getBody(mail)).contains("donderdag tussen 9 en 12");
		assertThat(mail.getSubject()).contains("[#" + number + "]");
		Thread.sleep(500); // a second sweep must not send it again
		this.fallback.sendUnread();
		assertThat(MAIL.getReceivedMessagesForDomain(email)).hasSize(1);

		// The visitor answers the mail; it lands in the chat's conversation, on the same contact.
		MimeMessage answer = new MimeMessage(GreenMailUtil.getSession(MAIL.getSmtp().getServerSetup()));
		answer.setFrom(new jakarta.mail.internet.InternetAddress(email));
		answer.setRecipients(MimeMessage.RecipientType.TO, "support@shop.example.nl");
		answer.setSubject("Re: " + mail.getSubject());
		answer.setHeader("In-Reply-To", mail.getMessageID());
		answer.setText("Donderdag is prima, tot dan!");
		jakarta.mail.Transport.send(answer);
		assertThat(this.poller.poll(UUID.fromString(mailbox))).isTrue();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.admin
			.get("/api/v1/conversations/" + conversation + "/messages")
			.body()).contains("Donderdag is prima"));

		// Back on the shop's site later: the chat shows the mail too.
		try (WidgetClient back = WidgetClient.connect(this.port, widget, SHOP)) {
			JsonNode welcome = back.send(Map.of("type", "hello", "token", token)).next("welcome");
			assertThat(welcome.path("conversation").path("number").asLong()).isEqualTo(number);
			assertThat(welcome.path("messages").findValuesAsString("text")).contains("Ja, donderdag tussen 9 en 12 uur.",
					"Donderdag is prima, tot dan!");
			assertThat(welcome.path("messages").findValuesAsString("channel")).contains("webchat", "email");
			assertThat(welcome.path("messages").findValuesAsString("text")).as("the e-mail copy of the answer is not shown twice")
				.containsOnlyOnce("Ja, donderdag tussen 9 en 12 uur.");
		}
	}

	@Test
	void aSolvedChatAsksForOneRatingAndRecordsIt() {
		String widget = widget(Map.of());
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello")).next("welcome");
			long number = visitor.send(message("r1", "Dank je!", Map.of())).next("ack").path("message").path("conversation").asLong();
			String conversation = conversationOf(number);
			Response solved = this.admin.patch("/api/v1/conversations/" + conversation, json(Map.of("status", "solved")));
			assertThat(solved.status()).as(solved.toString()).isEqualTo(200);
			JsonNode asked = visitor.next("conversation");
			assertThat(asked.path("status").asString()).isEqualTo("solved");
			assertThat(asked.path("rate").asBoolean()).isTrue();

			visitor.send(Map.of("type", "rating", "conversation", number, "score", 9));
			assertThat(visitor.next("error").path("code").asString()).isEqualTo("invalid");
			visitor.send(Map.of("type", "rating", "conversation", number, "score", 5, "comment", "Snel geholpen"));
			assertThat(visitor.next("rated").path("conversation").asLong()).isEqualTo(number);
			assertThat(this.jdbc.queryForObject("select score from webchat_ratings where conversation_id = ?", Integer.class,
					UUID.fromString(conversation))).isEqualTo(5);
			assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").body())
				.contains("rated the chat 5 out of 5");
		}
	}

	@Test
	void aTranscriptIsMailedOnRequest() {
		String mailbox = create(Map.of("kind", "email", "name", "Support " + UUID.randomUUID(), "settings",
				GreenMailbox.settings(MAIL, "support@shop.example.nl", "Fietsenwinkel De Spaak")));
		String widget = widget(Map.of("mailbox", mailbox));
		String email = "kopie." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		try (WidgetClient visitor = WidgetClient.connect(this.port, widget, SHOP)) {
			visitor.send(Map.of("type", "hello", "language", "nl")).next("welcome");
			visitor.send(message("x1", "Wat is het retouradres?", Map.of())).next("ack");
			visitor.send(Map.of("type", "transcript", "email", "geen-adres"));
			assertThat(visitor.next("error").path("code").asString()).isEqualTo("email");
			visitor.send(Map.of("type", "transcript", "email", email));
			assertThat(visitor.next("transcript-sent").path("email").asString()).isEqualTo(email);
			MimeMessage mail = MAIL.getReceivedMessagesForDomain(email)[0];
			assertThat(mail.getSubject()).startsWith("Je chat met Fietsenwinkel");
			assertThat(GreenMailUtil.getBody(mail)).contains("Jij:", "Wat is het retouradres?");
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void widgetSettingsAreCheckedAndTheSecretIsNeverShown() {
		Response noOrigins = this.admin.post("/api/v1/channel-accounts",
				json(Map.of("kind", "webchat", "name", "Zonder sites", "settings", Map.of())));
		assertThat(noOrigins.status()).isEqualTo(400);
		assertThat(noOrigins.text("detail")).contains("allowedOrigins");
		Response badOrigin = this.admin.post("/api/v1/channel-accounts", json(Map.of("kind", "webchat", "name", "Pad",
				"settings", Map.of("allowedOrigins", List.of("https://shop.example/pagina")))));
		assertThat(badOrigin.status()).isEqualTo(400);
		assertThat(badOrigin.text("detail")).contains("no path");
		Response badHours = this.admin.post("/api/v1/channel-accounts", json(Map.of("kind", "webchat", "name", "Uren",
				"settings", Map.of("allowedOrigins", List.of(SHOP), "openingHours", Map.of("mon", "17:00-09:00")))));
		assertThat(badHours.status()).isEqualTo(400);
		String widget = widget(Map.of());
		assertThat(this.admin.get("/api/v1/channel-accounts/" + widget).body()).doesNotContain(SECRET);
	}

	// helpers

	private String widget(Map<String, Object> extra) {
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("allowedOrigins", List.of(SHOP, "http://localhost"));
		settings.put("secret", SECRET);
		settings.putAll(extra);
		return create(Map.of("kind", "webchat", "name", "Fietsenwinkel De Spaak", "settings", settings));
	}

	private String create(Map<String, Object> account) {
		Response created = this.admin.post("/api/v1/channel-accounts", json(account));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.text("id");
	}

	private static Map<String, Object> message(String clientId, String text, Map<String, Object> contact) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("type", "message");
		frame.put("clientId", clientId);
		frame.put("text", text);
		if (!contact.isEmpty()) {
			frame.put("contact", contact);
		}
		return frame;
	}

	private String conversationOf(long number) {
		return this.jdbc.queryForObject("select cast(id as varchar(36)) from conversations where number = ?", String.class,
				number);
	}

	static String hmac(String identifier) {
		return TestApi.hmacHex(SECRET, identifier);
	}

	private HttpResponse<String> upload(String widget, String token, String name, byte[] content) throws Exception {
		MultipartBody body = new MultipartBody().field("token", token).file("file", name, "image/png", content);
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/widget/api/" + widget + "/files"))
				.header("Origin", SHOP)
				.header("Content-Type", body.contentType())
				.POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] bigPng() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(PNG);
		out.writeBytes(new byte[70 * 1024]);
		return out.toByteArray();
	}

}
