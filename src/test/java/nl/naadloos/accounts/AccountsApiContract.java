package nl.naadloos.accounts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an integrator sees of agents, teams and tokens through the REST API, and what is stored. Runs on
 * H2 ({@link AccountsApiTests}) and on PostgreSQL ({@link AccountsApiPostgresTests}).
 */
abstract class AccountsApiContract {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AccountService accounts;

	TestApi admin;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
	}

	@Test
	void migrationsRanAndTheFirstAdminExists() {
		Integer applied = this.jdbc.queryForObject(
				"select count(*) from \"flyway_schema_history\" where \"version\" is not null and \"success\" = true", Integer.class);
		assertThat(applied).isGreaterThanOrEqualTo(2);
		Response me = this.admin.get("/api/v1/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("email")).isEqualTo(TestApi.ADMIN_EMAIL);
		assertThat(me.text("role")).isEqualTo("admin");
	}

	@Test
	void adminCreatesAnAgentWhoThenWorksWithTheirOwnToken() {
		String teamId = createTeam("Klantenservice " + UUID.randomUUID()).text("id");
		Response created = this.admin.post("/api/v1/agents", json(Map.of("name", "Sanne de Vries", "email",
				unique("Sanne@Example.nl"), "role", "agent", "locale", "nl", "teamIds", List.of(teamId), "skills",
				List.of("Retouren", "english"))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		JsonNode agent = created.json().path("agent");
		assertThat(agent.path("email").asString()).startsWith("sanne");
		assertThat(agent.path("email").asString()).isLowerCase();
		assertThat(agent.path("skills").toString()).contains("retouren", "english");
		assertThat(agent.path("teams").get(0).path("id").asString()).isEqualTo(teamId);
		assertThat(created.header("Location")).isEqualTo("/api/v1/agents/" + agent.path("id").asString());
		String initialPassword = created.json().path("initialPassword").asString();
		assertThat(initialPassword).hasSizeGreaterThanOrEqualTo(12);

		TestApi sanne = this.admin.as(tokenFor(agent.path("id").asString()));
		Response me = sanne.get("/api/v1/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.text("name")).isEqualTo("Sanne de Vries");
		assertThat(sanne.get("/api/v1/teams").status()).isEqualTo(200);
		assertThat(sanne.get("/api/v1/agents").status()).isEqualTo(403);
		assertThat(sanne.post("/api/v1/teams", json(Map.of("name", "Not allowed"))).status()).isEqualTo(403);
	}

	@Test
	void personalTokensAreShownOnceStoredHashedAndRevocable() {
		Response created = this.admin.post("/api/v1/me/tokens", json(Map.of("name", "Shop integration")));
		assertThat(created.status()).isEqualTo(201);
		String token = created.text("token");
		assertThat(token).startsWith("nld_");
		String id = created.json().path("details").path("id").asString();

		String stored = this.jdbc.queryForObject("select token_hash from api_tokens where id = ?", String.class,
				UUID.fromString(id));
		assertThat(stored).isNotEqualTo(token).doesNotContain(token).hasSize(64);
		Response list = this.admin.get("/api/v1/me/tokens");
		assertThat(list.body()).contains("Shop integration").doesNotContain(token);

		TestApi integration = this.admin.as(token);
		assertThat(integration.get("/api/v1/me").status()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/me/tokens").body()).contains("\"lastUsedAt\":\"");

		assertThat(this.admin.delete("/api/v1/me/tokens/" + id).status()).isEqualTo(204);
		Response refused = integration.get("/api/v1/me");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.text("detail")).contains("revoked");
	}

	@Test
	void aDeactivatedAgentsTokensStopWorkingAndReactivationRestoresThem() {
		String agentId = createAgent("agent").path("id").asString();
		TestApi agent = this.admin.as(tokenFor(agentId));
		assertThat(agent.get("/api/v1/me").status()).isEqualTo(200);

		Response deactivated = this.admin.post("/api/v1/agents/" + agentId + "/deactivate", null);
		assertThat(deactivated.status()).isEqualTo(200);
		assertThat(deactivated.json().path("active").asBoolean()).isFalse();
		assertThat(agent.get("/api/v1/me").status()).isEqualTo(401);

		assertThat(this.admin.post("/api/v1/agents/" + agentId + "/deactivate", null).status()).isEqualTo(409);
		assertThat(this.admin.post("/api/v1/agents/" + agentId + "/reactivate", null).status()).isEqualTo(200);
		assertThat(agent.get("/api/v1/me").status()).isEqualTo(200);
	}

	@Test
	void theLastActiveAdminCannotBeDeactivatedOrDemoted() {
		String adminId = this.admin.get("/api/v1/me").text("id");
		Response self = this.admin.post("/api/v1/agents/" + adminId + "/deactivate", null);
		assertThat(self.status()).isEqualTo(409);
		assertThat(self.text("detail")).contains("your own account");

		Response demote = this.admin.patch("/api/v1/agents/" + adminId, json(Map.of("role", "agent")));
		if (adminCount() == 1) {
			assertThat(demote.status()).isEqualTo(409);
			assertThat(demote.text("type")).endsWith("/last-admin");
		}
		assertThat(this.admin.get("/api/v1/me").text("role")).isIn("admin", "agent");
	}

	@Test
	void aDuplicateEmailIsAConflictAndStoresNothing() {
		String email = unique("dup@example.nl");
		assertThat(this.admin.post("/api/v1/agents", json(Map.of("name", "First", "email", email, "role", "agent")))
			.status()).isEqualTo(201);
		int before = agentCount();
		Response second = this.admin.post("/api/v1/agents",
				json(Map.of("name", "Second", "email", email.toUpperCase(), "role", "agent")));
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.text("detail")).contains(email);
		assertThat(agentCount()).isEqualTo(before);
	}

	@Test
	void agentsArePagedWithACursorWithoutGapsOrRepeats() {
		String marker = "Paged" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 23; i++) {
			this.admin.post("/api/v1/agents",
					json(Map.of("name", marker + " " + (char) ('A' + i), "email", unique(marker + i + "@x.nl"), "role", "agent")));
		}
		Set<String> seen = new HashSet<>();
		List<String> names = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.admin.get("/api/v1/agents?limit=10&q=" + marker + (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().path("items").forEach(item -> {
				assertThat(seen.add(item.path("id").asString())).isTrue();
				names.add(item.path("name").asString());
			});
			JsonNode next = page.json().path("nextCursor");
			cursor = next.isNull() ? null : next.asString();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSize(23);
		assertThat(pages).isEqualTo(3);
		assertThat(names).isSorted();
		assertThat(this.admin.get("/api/v1/agents?cursor=not-a-cursor").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/agents?limit=1000").status()).isEqualTo(400);
	}

	@Test
	void teamsCanBeCreatedRenamedAndDeletedWithoutLosingTheirAgents() {
		String name = "Webshop " + UUID.randomUUID();
		Response team = createTeam(name);
		assertThat(team.status()).isEqualTo(201);
		String teamId = team.text("id");
		assertThat(createTeam(name.toUpperCase()).status()).isEqualTo(409);

		String agentId = this.admin.post("/api/v1/agents", json(Map.of("name", "Oliver Hughes", "email",
				unique("oliver@example.co.uk"), "role", "agent", "teamIds", List.of(teamId)))).json().path("agent").path("id").asString();
		assertThat(this.admin.get("/api/v1/teams/" + teamId).body()).contains("Oliver Hughes");

		Response renamed = this.admin.patch("/api/v1/teams/" + teamId, json(Map.of("name", name + " NL")));
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.text("name")).isEqualTo(name + " NL");

		assertThat(this.admin.delete("/api/v1/teams/" + teamId).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/teams/" + teamId).status()).isEqualTo(404);
		Response agent = this.admin.get("/api/v1/agents/" + agentId);
		assertThat(agent.status()).isEqualTo(200);
		assertThat(agent.json().path("teams").size()).isZero();
	}

	@Test
	void aRetriedCreateWithTheSameIdempotencyKeyCreatesOnce() {
		String key = UUID.randomUUID().toString();
		String body = json(Map.of("name", "Retouren " + key));
		Response first = this.admin.header("Idempotency-Key", key).post("/api/v1/teams", body);
		Response retry = this.admin.header("Idempotency-Key", key).post("/api/v1/teams", body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(this.jdbc.queryForObject("select count(*) from teams where name = ?", Integer.class, "Retouren " + key))
			.isEqualTo(1);

		Response other = this.admin.header("Idempotency-Key", key).post("/api/v1/teams", json(Map.of("name", "Other " + key)));
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.text("detail")).contains("different request");
		assertThat(this.jdbc.queryForObject("select count(*) from teams where name = ?", Integer.class, "Other " + key))
			.isZero();
	}

	@Test
	void aFailedCreateIsNotRememberedSoTheClientCanCorrectIt() {
		String key = UUID.randomUUID().toString();
		Response invalid = this.admin.header("Idempotency-Key", key).post("/api/v1/teams", json(Map.of("name", "")));
		assertThat(invalid.status()).isEqualTo(400);
		Response replay = this.admin.header("Idempotency-Key", key).post("/api/v1/teams", json(Map.of("name", "")));
		assertThat(replay.status()).isEqualTo(400);
		assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
	}

	Response createTeam(String name) {
		return this.admin.post("/api/v1/teams", json(Map.of("name", name)));
	}

	JsonNode createAgent(String role) {
		Response created = this.admin.post("/api/v1/agents",
				json(Map.of("name", "Agent " + UUID.randomUUID(), "email", unique("agent@example.nl"), "role", role)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().path("agent");
	}

	/** Tokens are personal (an admin cannot create one for someone else), so issue one directly. */
	String tokenFor(String agentId) {
		return this.accounts.issueToken(UUID.fromString(agentId), "test", null).secret().value();
	}

	int agentCount() {
		return this.jdbc.queryForObject("select count(*) from agents", Integer.class);
	}

	int adminCount() {
		return this.jdbc.queryForObject("select count(*) from agents where role = 'ADMIN' and active = true",
				Integer.class);
	}

	static String unique(String email) {
		int at = email.indexOf('@');
		return email.substring(0, at) + "." + UUID.randomUUID().toString().substring(0, 8) + email.substring(at);
	}

}
