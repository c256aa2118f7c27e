package nl.naadloos.channels;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.PublishedEvents;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;
import nl.naadloos.support.MultipartBody;
import nl.naadloos.support.WebhookReceiver;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API channel end to end, as an integrator and an agent see it: signed messages in, one contact and
 * one conversation across channel accounts, replies out on the customer's latest channel. Runs on H2
 * and PostgreSQL.
 */
@Import(PublishedEvents.class)
abstract class ApiChannelContract {

	static final String SECRET = "shop-secret-0123456789-abcdef";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	InboundProcessor processor;

	@Autowired
	PublishedEvents published;

	TestApi admin;

	WebhookReceiver webhook;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
		this.webhook = new WebhookReceiver();
	}

	@AfterEach
	void tearDown() {
		this.webhook.close();
	}

	@Test
	void aCustomerOnTwoTrustedAccountsIsOneContactInOneConversationAndTheReplyGoesOutOnTheLatest() {
		String shop = account("Webshop", true, "/shop");
		String app = account("App", true, "/app");
		// A valid Dutch mobile number (06-1…), different in every run.
		String phoneSuffix = "1" + String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));

		Response first = post(shop, message("m-" + UUID.randomUUID(), "klant-1", "Waar blijft mijn bestelling?",
				"06 " + phoneSuffix));
		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		assertThat(first.text("status")).isEqualTo("processed");
		Response second = post(app, message("a-" + UUID.randomUUID(), "app-user-9", "Ik stuur het ook even via de app",
				"+31 6 " + phoneSuffix.substring(0, 4) + " " + phoneSuffix.substring(4)));
		assertThat(second.status()).as(second.toString()).isEqualTo(202);

		assertThat(second.text("contactId")).isEqualTo(first.text("contactId"));
		assertThat(second.text("conversationId")).isEqualTo(first.text("conversationId"));
		String conversationId = first.text("conversationId");
		Response conversation = this.admin.get("/api/v1/conversations/" + conversationId);
		assertThat(conversation.json().path("latestInboundChannelAccountId").asString()).isEqualTo(app);
		assertThat(conversation.json().path("channels").toString()).contains("api");

		Response reply = this.admin.post("/api/v1/conversations/" + conversationId + "/replies",
				json(Map.of("text", "Uw pakket is vandaag verstuurd.")));
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		assertThat(reply.text("deliveryStatus")).isEqualTo("queued");
		assertThat(reply.text("channelAccountId")).isEqualTo(app);

		await().atMost(Duration.ofSeconds(15)).until(() -> !this.webhook.receivedOn("/app").isEmpty());
		WebhookReceiver.Received delivered = this.webhook.receivedOn("/app").get(0);
		assertThat(this.webhook.receivedOn("/shop")).isEmpty();
		assertThat(delivered.body()).contains("Uw pakket is vandaag verstuurd.", "\"id\":\"app-user-9\"",
				"\"conversationNumber\":" + first.json().path("conversationNumber").asLong());
		assertThat(Signatures.matchesSha256Header(SECRET, delivered.raw(), delivered.signature())).isTrue();
		String replyId = reply.text("id");
		await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(messageStatus(conversationId, replyId)));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.published.of(nl.naadloos.conversations.MessageSent.class))
				.filteredOn(sent -> sent.messageId().toString().equals(replyId))
				.singleElement()
				.satisfies(sent -> {
					assertThat(sent.conversationId().toString()).isEqualTo(conversationId);
					assertThat(sent.channelAccountId().toString()).isEqualTo(app);
				}));
	}

	@Test
	void anUntrustedAccountWithTheSamePhoneOnlyLeadsToAMergeSuggestion() {
		String shop = account("Trusted shop", true, "/shop");
		String forum = account("Community forum", false, "/forum");
		String phone = "+3161" + String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
		Response known = post(shop, message("k-" + UUID.randomUUID(), "customer-7", "Hallo", phone));
		Response stranger = post(forum, message("f-" + UUID.randomUUID(), "forum-42", "Ik ben het, echt", phone));
		assertThat(stranger.status()).isEqualTo(202);
		assertThat(stranger.text("contactId")).isNotEqualTo(known.text("contactId"));
		assertThat(stranger.text("conversationId")).isNotEqualTo(known.text("conversationId"));
		Response suggestions = this.admin.get("/api/v1/contacts/merge-suggestions?status=open");
		assertThat(suggestions.status()).isEqualTo(200);
		assertThat(suggestions.body()).contains(known.text("contactId")).contains(stranger.text("contactId"));
	}

	@Test
	void theSameMessageTwiceIsStoredOnceAndGetsTheSameAnswer() {
		String shop = account("Idempotent shop", true, "/shop");
		String body = message("dup-" + UUID.randomUUID(), "c-1", "Twee keer verstuurd", null);
		Response first = post(shop, body);
		Response again = post(shop, body);
		assertThat(again.status()).isEqualTo(202);
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(this.jdbc.queryForObject("select count(*) from messages where conversation_id = ?", Integer.class,
				UUID.fromString(first.text("conversationId")))).isEqualTo(1);
	}

	@Test
	void aSenderThatDoesNotWaitGetsAnAnswerOnceStoredAndItsMessagesLandInOrder() {
		String shop = account("Busy shop", true, "/shop");
		String sender = "burst-" + UUID.randomUUID();
		String prefix = "async-" + UUID.randomUUID() + "-";
		for (int i = 1; i <= 6; i++) {
			Response queued = postPreferring(shop, message(prefix + i, sender, "Bericht " + i, null), "respond-async");
			assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
			assertThat(queued.text("status")).isEqualTo("queued");
			assertThat(queued.header("Preference-Applied")).isEqualTo("respond-async");
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.jdbc.queryForObject(
				"select count(*) from inbound_events where provider_id like ? and processed_at is not null", Integer.class,
				prefix + "%")).isEqualTo(6));

		// Asked again (the same messageId), the answer now says where it landed.
		Response first = postPreferring(shop, message(prefix + 1, sender, "Bericht 1", null), "wait=5, respond-async");
		assertThat(first.text("status")).isEqualTo("processed");
		assertThat(first.header("Preference-Applied")).isNull();
		String conversation = first.text("conversationId");
		java.util.List<String> texts = new java.util.ArrayList<>();
		for (JsonNode item : this.admin.get("/api/v1/conversations/" + conversation + "/messages?limit=100")
			.json()
			.path("items")) {
			texts.add(item.path("text").asString());
		}
		assertThat(texts).containsExactly("Bericht 1", "Bericht 2", "Bericht 3", "Bericht 4", "Bericht 5", "Bericht 6");
		assertThat(this.jdbc.queryForObject("select count(*) from messages where provider_message_id like ?",
				Integer.class, prefix + "%")).isEqualTo(6);
	}

	@Test
	void oneBrokenEventInABatchDoesNotHoldUpTheOthers() {
		UUID shop = UUID.fromString(account("Batch shop", true, "/shop"));
		String prefix = "batch-" + UUID.randomUUID() + "-";
		UUID first = this.processor.store(shop, prefix + 1, "b-1", message(prefix + 1, "b-1", "Eerste", null)).id();
		// Stored as it came in (say, by an older version that checked less), but it cannot be threaded.
		UUID broken = this.processor.store(shop, prefix + 2, "b-2", "{\"messageId\": \"" + prefix + "2\"}").id();
		UUID third = this.processor.store(shop, prefix + 3, "b-3", message(prefix + 3, "b-3", "Derde", null)).id();

		this.processor.processBatch(java.util.List.of(first, broken, third));

		assertThat(this.jdbc.queryForList("select id from inbound_events where provider_id like ? and processed_at is not null",
				UUID.class, prefix + "%")).containsExactlyInAnyOrder(first, third);
		assertThat(this.jdbc.queryForObject("select attempts from inbound_events where id = ?", Integer.class, broken))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select last_error from inbound_events where id = ?", String.class, broken))
			.isNotBlank();
		assertThat(this.jdbc.queryForList("select text_body from messages where provider_message_id like ?", String.class,
				prefix + "%")).containsExactlyInAnyOrder("Eerste", "Derde");
	}

	@Test
	void anAdminRebuildsTheSearchIndexAndSeesWhenItIsDone() {
		String shop = account("Reindex shop", true, "/shop");
		String word = "zoekwoord" + UUID.randomUUID().toString().substring(0, 8).replaceAll("[0-9-]", "x");
		assertThat(post(shop, message("reindex-" + UUID.randomUUID(), "r-1", "Waar blijft " + word + "?", null)).status())
			.isEqualTo(202);

		Response started = this.admin.post("/api/v1/search/reindex", "");
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		assertThat(started.text("status")).isIn("running", "done");
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(this.admin.get("/api/v1/search/reindex").text("status")).isEqualTo("done"));
		assertThat(this.admin.get("/api/v1/search/reindex").text("finishedAt")).isNotBlank();
		assertThat(this.admin.get("/api/v1/search?q=" + word).json().path("messages")).hasSize(1);
	}

	@Test
	void theConversationAndChannelApisAreDocumentedWithExamples() {
		JsonNode paths = this.admin.anonymous().get("/v3/api-docs").json().path("paths");
		assertThat(paths.propertyNames()).contains("/api/v1/conversations", "/api/v1/conversations/{id}",
				"/api/v1/conversations/{id}/messages", "/api/v1/conversations/{id}/replies",
				"/api/v1/conversations/{id}/notes", "/api/v1/conversations/{id}/audit", "/api/v1/contacts/{id}/timeline",
				"/api/v1/search", "/api/v1/channel-accounts", "/api/v1/channels/api/{accountId}/messages");
		JsonNode inbound = paths.path("/api/v1/channels/api/{accountId}/messages").path("post");
		assertThat(inbound.path("requestBody").toString()).contains("Sanne de Vries");
		assertThat(inbound.path("responses").path("202").toString()).contains("conversationNumber");
		JsonNode replies = paths.path("/api/v1/conversations/{id}/replies").path("post").path("requestBody").path("content");
		assertThat(replies.path("application/json").toString()).contains("Your parcel left our warehouse today.");
		assertThat(replies.path("multipart/form-data").toString()).contains("ReplyUpload");
		assertThat(paths.path("/api/v1/conversations/{id}").path("patch").path("requestBody").toString())
			.contains("pending");
		assertThat(paths.path("/api/v1/conversations").path("get").path("parameters").toString()).contains("open");
	}

	@Test
	void anEventStoredButNeverProcessedIsRecovered() {
		UUID shop = UUID.fromString(account("Crashed shop", true, "/shop"));
		String messageId = "lost-" + UUID.randomUUID();
		// As a crash leaves it: stored and acknowledged, never threaded.
		UUID event = this.processor.store(shop, messageId, "l-1", message(messageId, "l-1", "Nog iemand daar?", null)).id();
		this.jdbc.update("update inbound_events set received_at = ? where id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(120)), event);

		this.processor.recover();

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(this.jdbc.queryForObject(
				"select count(*) from messages where provider_message_id = ?", Integer.class, messageId)).isEqualTo(1));
		assertThat(this.jdbc.queryForObject("select processed_at is not null from inbound_events where id = ?",
				Boolean.class, event)).isTrue();
	}

	@Test
	void aNewSenderWritingManyMessagesAtOnceGetsOneContactAndOneConversation() throws Exception {
		String shop = account("Rush shop", true, "/shop");
		String sender = "rush-" + UUID.randomUUID();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			java.util.List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
			for (int i = 0; i < 16; i++) {
				String body = message("rush-" + UUID.randomUUID(), sender, "Tegelijk " + i, null);
				answers.add(pool.submit(() -> post(shop, body)));
			}
			java.util.Set<String> conversations = new java.util.HashSet<>();
			java.util.Set<String> contacts = new java.util.HashSet<>();
			for (var answer : answers) {
				Response response = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(response.status()).as(response.toString()).isEqualTo(202);
				assertThat(response.text("status")).isEqualTo("processed");
				conversations.add(response.text("conversationId"));
				contacts.add(response.text("contactId"));
			}
			assertThat(conversations).hasSize(1);
			assertThat(contacts).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void filesArriveWithTheMessageAndAreServedSafely() throws Exception {
		String shop = account("Files shop", true, "/shop");
		byte[] photo = new byte[30_000];
		new java.util.Random(42).nextBytes(photo);
		java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
		String body = json(Map.of("messageId", "files-" + UUID.randomUUID(), "from", Map.of("id", "f-1", "name", "Klant"),
				"text", "Zie de foto en de factuur", "attachments", java.util.List.of(
						Map.of("fileName", "../../schade.png", "contentType", "image/png", "data", base64.encodeToString(photo)),
						Map.of("fileName", "factuur.html", "data",
								base64.encodeToString("<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8))))));
		Response accepted = post(shop, body);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
		JsonNode message = message(accepted.text("conversationId"), accepted.text("messageId"));
		JsonNode files = message.path("attachments");
		assertThat(files).hasSize(2);
		assertThat(files.get(0).path("fileName").asString()).isEqualTo("factuur.html");
		assertThat(files.get(0).path("contentType").asString()).isEqualTo("text/html");
		assertThat(files.get(1).path("fileName").asString()).isEqualTo("schade.png");
		assertThat(files.get(1).path("size").asLong()).isEqualTo(photo.length);

		java.net.http.HttpResponse<byte[]> image = download(files.get(1).path("url").asString());
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.body()).isEqualTo(photo);
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(image.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
		java.net.http.HttpResponse<byte[]> page = download(files.get(0).path("url").asString());
		assertThat(page.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(page.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		String elsewhere = files.get(1).path("url").asString()
			.replace(accepted.text("conversationId"), UUID.randomUUID().toString());
		assertThat(download(elsewhere).statusCode()).isEqualTo(404);
		assertThat(this.admin.anonymous().get(files.get(1).path("url").asString()).status()).isEqualTo(401);

		int before = count("inbound_events");
		assertProblem(post(shop, json(Map.of("messageId", "bad-" + UUID.randomUUID(), "from", Map.of("id", "f-1"), "text",
				"Kapot", "attachments", java.util.List.of(Map.of("fileName", "x.pdf", "data", "%%%not base64%%%"))))), 400,
				"invalid-request");
		assertThat(count("inbound_events")).isEqualTo(before);
	}

	java.net.http.HttpResponse<byte[]> download(String path) throws Exception {
		try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
			return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + this.port + path))
				.header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN)
				.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
		}
	}

	@Test
	void aSwitchedOffAccountAndANewSecretTakeEffectAtOnce() {
		String shop = account("Changing shop", true, "/shop");
		assertThat(post(shop, message("on-" + UUID.randomUUID(), "c-9", "Hallo", null)).status()).isEqualTo(202);

		String newSecret = "rotated-secret-0123456789";
		assertThat(this.admin.patch("/api/v1/channel-accounts/" + shop,
				json(Map.of("settings", Map.of("secret", newSecret, "trusted", true)))).status()).isEqualTo(200);
		assertProblem(post(shop, message("old-" + UUID.randomUUID(), "c-9", "Oud geheim", null)), 401,
				"invalid-signature");
		byte[] signedAnew = message("new-" + UUID.randomUUID(), "c-9", "Nieuw geheim", null)
			.getBytes(StandardCharsets.UTF_8);
		assertThat(raw(shop, signedAnew, Signatures.sha256Header(newSecret, signedAnew)).status()).isEqualTo(202);

		assertThat(this.admin.patch("/api/v1/channel-accounts/" + shop, json(Map.of("active", false))).status())
			.isEqualTo(200);
		byte[] afterwards = message("off-" + UUID.randomUUID(), "c-9", "Uit", null).getBytes(StandardCharsets.UTF_8);
		assertProblem(raw(shop, afterwards, Signatures.sha256Header(newSecret, afterwards)), 404,
				"unknown-channel-account");
	}

	@Test
	void unsignedForgedAndMalformedRequestsAreRefusedAndStoreNothing() {
		String shop = account("Strict shop", true, "/shop");
		int before = count("inbound_events");
		String body = message("x-" + UUID.randomUUID(), "c-2", "Hallo", null);

		assertProblem(raw(shop, body.getBytes(StandardCharsets.UTF_8), null), 401, "invalid-signature");
		assertProblem(raw(shop, body.getBytes(StandardCharsets.UTF_8), "sha256=" + "0".repeat(64)), 401, "invalid-signature");
		assertProblem(post(UUID.randomUUID().toString(), body), 404, "unknown-channel-account");
		assertProblem(post(shop, "{\"messageId\": \"m\", "), 400, "invalid-request");
		assertProblem(post(shop, json(Map.of("messageId", "only-id"))), 400, "validation");
		assertProblem(post(shop, message("nul-" + UUID.randomUUID(), "c-2", "a\u0000b", null)), 400, "invalid-request");
		assertProblem(post(shop, message("long-" + UUID.randomUUID(), "c-2", "x".repeat(20_001), null)), 400, "validation");
		byte[] latin1 = message("l1-" + UUID.randomUUID(), "c-2", "caf\u00e9", null).getBytes(StandardCharsets.ISO_8859_1);
		assertProblem(raw(shop, latin1, Signatures.sha256Header(SECRET, latin1)), 400, "invalid-request");
		assertThat(count("inbound_events")).isEqualTo(before);
	}

	@Test
	void emojiSequencesAndRightToLeftTextArriveIntact() {
		String shop = account("Unicode shop", true, "/shop");
		String text = "Family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 and \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD";
		Response response = post(shop, message("u-" + UUID.randomUUID(), "c-3", text, null));
		assertThat(response.status()).isEqualTo(202);
		Response messages = this.admin.get("/api/v1/conversations/" + response.text("conversationId") + "/messages");
		assertThat(messages.json().path("items").get(0).path("text").asString()).isEqualTo(text);
	}

	@Test
	void aReplyTheWebhookKeepsRefusingIsMarkedFailedWithTheReason() {
		this.webhook.answerWith(503);
		String shop = account("Down shop", true, "/down");
		Response in = post(shop, message("d-" + UUID.randomUUID(), "c-4", "Hallo?", null));
		String conversationId = in.text("conversationId");
		String replyId = this.admin.post("/api/v1/conversations/" + conversationId + "/replies",
				json(Map.of("text", "We kijken ernaar"))).text("id");
		await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(messageStatus(conversationId, replyId)));
		JsonNode failed = message(conversationId, replyId);
		assertThat(failed.path("failureReason").asString()).contains("503").contains("attempts");
		assertThat(this.webhook.receivedOn("/down")).hasSizeGreaterThanOrEqualTo(3);
	}

	@Test
	void aCustomerWritingAfterSolvedReopensTheConversation() {
		String shop = account("Reopen shop", true, "/shop");
		Response in = post(shop, message("r1-" + UUID.randomUUID(), "c-5", "Eerste vraag", null));
		String conversationId = in.text("conversationId");
		assertThat(this.admin.patch("/api/v1/conversations/" + conversationId, json(Map.of("status", "solved"))).status())
			.isEqualTo(200);
		Response again = post(shop, message("r2-" + UUID.randomUUID(), "c-5", "Toch nog iets", null));
		assertThat(again.text("conversationId")).isEqualTo(conversationId);
		Response conversation = this.admin.get("/api/v1/conversations/" + conversationId);
		assertThat(conversation.text("status")).isEqualTo("open");
		assertThat(conversation.json().path("reopenCount").asInt()).isEqualTo(1);

		assertThat(this.admin.patch("/api/v1/conversations/" + conversationId, json(Map.of("status", "closed"))).status())
			.isEqualTo(200);
		Response afterClose = post(shop, message("r3-" + UUID.randomUUID(), "c-5", "Nieuwe vraag", null));
		assertThat(afterClose.text("conversationId")).isNotEqualTo(conversationId);
		assertThat(this.admin.get("/api/v1/conversations/" + afterClose.text("conversationId")).text("previousConversationId"))
			.isEqualTo(conversationId);
		Response timeline = this.admin.get("/api/v1/contacts/" + in.text("contactId") + "/timeline");
		assertThat(timeline.status()).isEqualTo(200);
		assertThat(timeline.json().path("conversations").size()).isEqualTo(2);
		assertThat(timeline.body()).contains("Eerste vraag", "Toch nog iets", "Nieuwe vraag");
	}

	@Test
	void anAgentSplitsAMessageOffAndMergesItBack() {
		String shop = account("Split shop", true, "/shop");
		Response first = post(shop, message("s1-" + UUID.randomUUID(), "c-6", "Mijn bestelling is beschadigd", null));
		Response second = post(shop, message("s2-" + UUID.randomUUID(), "c-6", "En ik wil mijn adres wijzigen", null));
		String original = first.text("conversationId");
		assertThat(second.text("conversationId")).isEqualTo(original);

		Response split = this.admin.post("/api/v1/conversations/" + original + "/split",
				json(Map.of("messageIds", java.util.List.of(second.text("messageId")))));
		assertThat(split.status()).as(split.toString()).isEqualTo(201);
		String splitId = split.text("id");
		assertThat(split.text("previousConversationId")).isEqualTo(original);
		assertThat(this.admin.get("/api/v1/conversations/" + splitId + "/messages").body()).contains("adres wijzigen")
			.doesNotContain("beschadigd");
		assertThat(this.admin.get("/api/v1/conversations/" + original + "/messages").body()).contains("split off")
			.doesNotContain("adres wijzigen");
		assertThat(this.admin.post("/api/v1/conversations/" + original + "/split",
				json(Map.of("messageIds", java.util.List.of(first.text("messageId"))))).status()).isEqualTo(400);

		Response merged = this.admin.post("/api/v1/conversations/" + original + "/merge",
				json(Map.of("otherConversationId", splitId)));
		assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/conversations/" + original + "/messages?limit=100").body())
			.contains("beschadigd", "adres wijzigen", "Merged conversation #");
		assertThat(this.admin.get("/api/v1/conversations/" + splitId).text("status")).isEqualTo("closed");
		Response audit = this.admin.get("/api/v1/conversations/" + original + "/audit");
		assertThat(audit.status()).isEqualTo(200);
		assertThat(audit.body()).contains("split off into conversation #", "Merged conversation #",
				this.admin.get("/api/v1/me").text("id"));

		String stranger = post(shop, message("s3-" + UUID.randomUUID(), "c-7", "Andere klant", null)).text("conversationId");
		Response refused = this.admin.post("/api/v1/conversations/" + original + "/merge",
				json(Map.of("otherConversationId", stranger)));
		assertProblem(refused, 409, "cannot-merge");
		assertThat(refused.text("detail")).contains("different contacts");
	}

	@Test
	void searchFindsDutchAndEnglishWordFormsNumbersAndContactsWithHighlights() {
		String shop = account("Search shop", true, "/shop");
		String marker = "zoek" + UUID.randomUUID().toString().substring(0, 6);
		String phone = "06 1" + String.valueOf(1_000_000 + (int) (Math.random() * 8_999_999));
		Response dutch = post(shop, message("q1-" + UUID.randomUUID(), "c-" + marker,
				"Beide fietsen uit mijn bestellingen zijn kapot aangekomen " + marker, phone));
		post(shop, message("q2-" + UUID.randomUUID(), "e-" + marker, "Where are my orders? " + marker, null));

		Response fiets = this.admin.get("/api/v1/search?q=fiets%20" + marker);
		assertThat(fiets.status()).as(fiets.toString()).isEqualTo(200);
		assertThat(fiets.json().path("messages").size()).isEqualTo(1);
		assertThat(fiets.json().path("messages").get(0).path("snippet").asString()).contains("<mark>fietsen</mark>");
		assertThat(fiets.json().path("messages").get(0).path("conversationId").asString())
			.isEqualTo(dutch.text("conversationId"));
		assertThat(this.admin.get("/api/v1/search?q=bestelling%20" + marker).json().path("messages").size()).isEqualTo(1);
		assertThat(this.admin.get("/api/v1/search?q=order%20" + marker).json().path("messages").get(0).path("snippet")
			.asString()).contains("<mark>orders</mark>");

		Response byNumber = this.admin.get("/api/v1/search?q=%23" + dutch.text("conversationNumber"));
		assertThat(byNumber.json().path("conversations").toString()).contains(dutch.text("conversationId"));
		Response byPhone = this.admin.get("/api/v1/search?q=" + java.net.URLEncoder.encode("+31 " + phone.substring(1),
				StandardCharsets.UTF_8));
		assertThat(byPhone.json().path("contacts").toString()).contains(dutch.text("contactId"));

		assertThat(this.admin.get("/api/v1/search?q=fiets%20" + marker + "&status=closed").json().path("messages").size())
			.isZero();
		assertThat(this.admin.get("/api/v1/search?q=fiets%20" + marker + "&channel=email").json().path("messages").size())
			.isZero();
		assertProblem(this.admin.get("/api/v1/search?q=%20"), 400, "invalid-request");
		assertThat(this.admin.anonymous().get("/api/v1/search?q=fiets").status()).isEqualTo(401);
	}

	@Test
	void conversationsFollowTheirContactThroughMergeUnmergeAndErasure() {
		String chat = account("Merge chat", false, "/chat");
		Response a = post(chat, message("ma-" + UUID.randomUUID(), "visitor-a", "Vraag via de chat", null));
		Response b = post(chat, message("mb-" + UUID.randomUUID(), "visitor-b", "Zelfde klant, ander apparaat", null));
		String survivor = a.text("contactId");
		String merged = b.text("contactId");
		assertThat(merged).isNotEqualTo(survivor);

		Response merge = this.admin.post("/api/v1/contacts/" + survivor + "/merge", json(Map.of("otherContactId", merged)));
		assertThat(merge.status()).as(merge.toString()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> survivor.equals(this.admin.get("/api/v1/conversations/" + b.text("conversationId")).text("contactId")));
		assertThat(this.admin.get("/api/v1/contacts/" + survivor + "/timeline").json().path("conversations").size())
			.isEqualTo(2);

		assertThat(this.admin.post("/api/v1/contacts/merges/" + merge.text("id") + "/undo", null).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> merged.equals(this.admin.get("/api/v1/conversations/" + b.text("conversationId")).text("contactId")));
		assertThat(this.admin.get("/api/v1/conversations/" + a.text("conversationId")).text("contactId")).isEqualTo(survivor);

		assertThat(this.admin.delete("/api/v1/contacts/" + merged).status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.admin.get("/api/v1/conversations/" + b.text("conversationId")).status() == 404);
		assertThat(this.jdbc.queryForObject("select count(*) from messages where conversation_id = ?", Integer.class,
				UUID.fromString(b.text("conversationId")))).isZero();
	}

	@Test
	void theConversationListFiltersByStatusTeamTagChannelAndContactAndPagesWithoutGaps() {
		String shop = account("List shop", true, "/shop");
		String teamId = this.admin.post("/api/v1/teams", json(Map.of("name", "List team " + UUID.randomUUID()))).text("id");
		String tag = "tag" + UUID.randomUUID().toString().substring(0, 8);
		java.util.List<String> ids = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = post(shop, message("l" + i + "-" + UUID.randomUUID(), "list-" + UUID.randomUUID(), "Vraag " + i, null))
				.text("conversationId");
			ids.add(id);
			assertThat(this.admin.patch("/api/v1/conversations/" + id,
					json(Map.of("teamId", teamId, "tags", java.util.List.of(tag), "status", i < 3 ? "open" : "pending")))
				.status()).isEqualTo(200);
		}
		Response open = this.admin.get("/api/v1/conversations?status=open&teamId=" + teamId);
		assertThat(open.json().path("items").size()).isEqualTo(3);
		assertThat(this.admin.get("/api/v1/conversations?status=pending&tag=" + tag).json().path("items").size()).isEqualTo(2);
		assertThat(this.admin.get("/api/v1/conversations?tag=" + tag + "&channel=email").json().path("items").size()).isZero();
		assertThat(this.admin.get("/api/v1/conversations?tag=" + tag + "&channel=api").json().path("items").size()).isEqualTo(5);

		java.util.Set<String> seen = new java.util.LinkedHashSet<>();
		String cursor = null;
		do {
			Response page = this.admin.get("/api/v1/conversations?teamId=" + teamId + "&limit=2"
					+ (cursor == null ? "" : "&cursor=" + cursor));
			page.json().path("items").forEach(item -> assertThat(seen.add(item.path("id").asString())).isTrue());
			cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(this.admin.get("/api/v1/conversations?status=bogus").status()).isEqualTo(400);
	}

	@Test
	void aReplyWithAFileReachesTheWebhookAsBase64AndIsListedOnTheMessage() throws Exception {
		String shop = account("Files", true, "/files");
		Response first = post(shop, message("f-" + UUID.randomUUID(), "klant-f-" + UUID.randomUUID(), "Mag ik de factuur?",
				null));
		String conversationId = first.text("conversationId");
		byte[] invoice = ("factuur " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
		MultipartBody form = new MultipartBody().field("text", "Hierbij de factuur.")
			.file("files", "factuur.txt", "text/plain", invoice);
		Response reply = this.admin.sendBytes("POST", "/api/v1/conversations/" + conversationId + "/replies", form.bytes(),
				form.contentType());
		assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
		String url = reply.json().path("attachments").get(0).path("url").asString();
		assertThat(this.admin.get(url.substring(url.indexOf("/api/"))).body()).isEqualTo(new String(invoice, StandardCharsets.UTF_8));

		await().atMost(Duration.ofSeconds(15)).until(() -> !this.webhook.receivedOn("/files").isEmpty());
		WebhookReceiver.Received delivered = this.webhook.receivedOn("/files").get(0);
		assertThat(Signatures.matchesSha256Header(SECRET, delivered.raw(), delivered.signature())).isTrue();
		tools.jackson.databind.JsonNode file = tools.jackson.databind.json.JsonMapper.builder().build().readTree(delivered.body())
			.path("attachments")
			.get(0);
		assertThat(file.path("fileName").asString()).isEqualTo("factuur.txt");
		assertThat(file.path("contentType").asString()).startsWith("text/plain");
		assertThat(file.path("size").asLong()).isEqualTo(invoice.length);
		assertThat(java.util.Base64.getDecoder().decode(file.path("data").asString())).isEqualTo(invoice);
	}

	String account(String name, boolean trusted, String path) {
		Response created = this.admin.post("/api/v1/channel-accounts", json(Map.of("kind", "api", "name", name,
				"settings", Map.of("secret", SECRET, "webhookUrl", this.webhook.url(path), "trusted", trusted))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.body()).doesNotContain(SECRET);
		return created.text("id");
	}

	static String message(String messageId, String fromId, String text, String phone) {
		Map<String, Object> from = new LinkedHashMap<>();
		from.put("id", fromId);
		from.put("name", "Klant " + fromId);
		if (phone != null) {
			from.put("phone", phone);
		}
		return json(Map.of("messageId", messageId, "from", from, "text", text));
	}

	Response post(String accountId, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return raw(accountId, bytes, Signatures.sha256Header(SECRET, bytes));
	}

	Response postPreferring(String accountId, String body, String prefer) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return this.admin.anonymous()
			.header("X-Naadloos-Signature", Signatures.sha256Header(SECRET, bytes))
			.header("Prefer", prefer)
			.sendBytes("POST", "/api/v1/channels/api/" + accountId + "/messages", bytes, "application/json");
	}

	Response raw(String accountId, byte[] body, String signature) {
		TestApi caller = this.admin.anonymous();
		if (signature != null) {
			caller = caller.header("X-Naadloos-Signature", signature);
		}
		return caller.sendBytes("POST", "/api/v1/channels/api/" + accountId + "/messages", body, "application/json");
	}

	String messageStatus(String conversationId, String messageId) {
		JsonNode message = message(conversationId, messageId);
		return message == null ? null : message.path("deliveryStatus").asString();
	}

	JsonNode message(String conversationId, String messageId) {
		for (JsonNode item : this.admin.get("/api/v1/conversations/" + conversationId + "/messages?limit=100")
			.json()
			.path("items")) {
			if (item.path("id").asString().equals(messageId)) {
				return item;
			}
		}
		return null;
	}

	void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.text("type")).endsWith("/" + type);
	}

	int count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Integer.class);
	}

}
