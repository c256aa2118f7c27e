package nl.naadloos.conversations;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.accounts.AccountsTestSupport;
import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.platform.Channel;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The contact reason taxonomy as admins keep it and agents use it on conversations. */
@IntegrationTest
class ContactReasonsTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	ConversationInbox inbox;

	@Autowired
	JdbcTemplate jdbc;

	TestApi admin;

	TestApi agent;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
		String agentId = this.admin
			.post("/api/v1/agents", json(Map.of("name", "Reden Agent", "email", "reden." + UUID.randomUUID() + "@example.nl",
					"role", "agent")))
			.json()
			.path("agent")
			.path("id")
			.asString();
		this.agent = this.admin.as(AccountsTestSupport.issueToken(this.context, UUID.fromString(agentId)));
	}

	@Test
	void everyInstallationStartsWithATaxonomyInBothLanguages() {
		Response list = this.agent.get("/api/v1/contact-reasons");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("\"key\":\"delivery\"", "\"nameNl\":\"Levering\"",
				"\"key\":\"delivery-late\"", "\"parentKey\":\"delivery\"");
	}

	@Test
	void adminsKeepTheTaxonomyAndAgentsOnlyReadIt() {
		String key = "warranty-" + UUID.randomUUID().toString().substring(0, 8);
		Map<String, Object> reason = Map.of("key", key, "name", "Warranty", "nameNl", "Garantie", "parentKey", "product");
		assertThat(this.agent.post("/api/v1/contact-reasons", json(reason)).status()).isEqualTo(403);
		Response created = this.admin.post("/api/v1/contact-reasons", json(reason));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.text("parentKey")).isEqualTo("product");
		assertProblem(this.admin.post("/api/v1/contact-reasons", json(reason)), 409, "contact-reason-exists");
		assertProblem(this.admin.post("/api/v1/contact-reasons", json(Map.of("key", "Met Spaties", "name", "X"))), 400,
				"invalid-request");
		assertProblem(this.admin.post("/api/v1/contact-reasons",
				json(Map.of("key", key + "-deeper", "name", "Too deep", "parentKey", key))), 400, "invalid-request");
		assertProblem(this.admin.post("/api/v1/contact-reasons",
				json(Map.of("key", key + "-orphan", "name", "Orphan", "parentKey", "no-such-reason"))), 400,
				"invalid-request");

		Response renamed = this.admin.patch("/api/v1/contact-reasons/" + key, json(Map.of("name", "Warranty claim",
				"parentKey", "")));
		assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
		assertThat(renamed.text("name")).isEqualTo("Warranty claim");
		assertThat(renamed.json().path("parentKey").isNull()).isTrue();
		assertThat(this.admin.patch("/api/v1/contact-reasons/nothing-here", json(Map.of("name", "X"))).status())
			.isEqualTo(404);
	}

	@Test
	void aConversationOnlyGetsAnActiveReasonAndKeepsOneThatIsSwitchedOffLater() {
		String conversation = conversation();
		assertProblem(this.agent.patch("/api/v1/conversations/" + conversation, json(Map.of("contactReason", "made-up"))),
				400, "invalid-request");
		assertThat(this.jdbc.queryForObject("select contact_reason from conversations where id = ?", String.class,
				UUID.fromString(conversation))).isNull();

		String key = "seasonal-" + UUID.randomUUID().toString().substring(0, 8);
		this.admin.post("/api/v1/contact-reasons", json(Map.of("key", key, "name", "Seasonal sale")));
		Response classified = this.agent.patch("/api/v1/conversations/" + conversation,
				json(Map.of("contactReason", key)));
		assertThat(classified.status()).as(classified.toString()).isEqualTo(200);
		assertThat(classified.text("contactReason")).isEqualTo(key);
		assertThat(this.agent.get("/api/v1/conversations?contactReason=" + key).body()).contains(conversation);

		this.admin.patch("/api/v1/contact-reasons/" + key, json(Map.of("active", false)));
		// Still carried, and other changes to the conversation still work.
		assertThat(this.agent.patch("/api/v1/conversations/" + conversation, json(Map.of("priority", "high"))).status())
			.isEqualTo(200);
		assertThat(this.agent.get("/api/v1/conversations/" + conversation).text("contactReason")).isEqualTo(key);
		String other = conversation();
		assertProblem(this.agent.patch("/api/v1/conversations/" + other, json(Map.of("contactReason", key))), 400,
				"invalid-request");
	}

	String conversation() {
		UUID account = UUID.randomUUID();
		this.jdbc.update("insert into channel_accounts (id, kind, name, settings, active, created_at, updated_at) "
				+ "values (?, 'API', 'Reasons', '{}', true, current_timestamp, current_timestamp)", account);
		SenderHints sender = new SenderHints("api", account, IdentityKind.PROVIDER, "r-" + UUID.randomUUID(), "Klant",
				null, null, false, "nl");
		return this.inbox
			.receive(new InboundEnvelope(Channel.API, account, sender, UUID.randomUUID().toString(), null,
					"Waarom is mijn korting niet verwerkt?", null, Instant.now(), null))
			.conversationId()
			.toString();
	}

	static void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.text("type")).endsWith("/" + type);
	}

}
