package nl.naadloos.platform;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad request gets a problem detail a person can act on, and nothing is stored. */
@IntegrationTest
class BadInputTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	TestApi admin;

	int teamsBefore;

	int agentsBefore;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
		this.teamsBefore = count("teams");
		this.agentsBefore = count("agents");
	}

	@Test
	void malformedJsonSaysWhereItBroke() {
		Response response = this.admin.post("/api/v1/teams", "{\"name\": \"Retouren\",");
		assertProblem(response, 400, "unreadable-body");
		assertThat(response.text("detail")).startsWith("The request body is not valid JSON").contains("line 1");
		assertNothingStored();
	}

	@Test
	void aWrongTypeNamesTheField() {
		Response response = this.admin.post("/api/v1/agents",
				"{\"name\": \"X\", \"email\": \"x@example.nl\", \"role\": \"agent\", \"teamIds\": \"not-a-list\"}");
		assertProblem(response, 400, "unreadable-body");
		assertThat(response.text("detail")).contains("'teamIds'");
		assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("teamIds");
		assertNothingStored();
	}

	@Test
	void missingAndInvalidFieldsAreEachListed() {
		Response response = this.admin.post("/api/v1/agents", TestApi.json(Map.of("email", "not-an-email")));
		assertProblem(response, 400, "validation");
		assertThat(response.json().path("errors").toString()).contains("\"field\":\"name\"", "\"field\":\"email\"",
				"\"field\":\"role\"");
		assertNothingStored();
	}

	@Test
	void anEmptyBodyIsExplained() {
		Response response = this.admin.post("/api/v1/teams", "");
		assertProblem(response, 400, "unreadable-body");
		assertThat(response.text("detail")).contains("missing or empty");
	}

	@Test
	void aBodyOverTheLimitIsRefusedWith413() {
		String huge = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";
		Response response = this.admin.post("/api/v1/teams", huge);
		assertProblem(response, 413, "payload-too-large");
		assertThat(response.text("detail")).contains("64 KB");
		assertNothingStored();
	}

	@Test
	void aChunkedBodyOverTheLimitIsRefusedWhileReading() throws Exception {
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/api/v1/teams"))
			.header("Authorization", "Bearer " + TestApi.ADMIN_TOKEN)
			.header("Content-Type", "application/json")
			// An InputStream publisher has no known length, so the client sends the body chunked.
			.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
					("{\"name\": \"" + "y".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8))))
			.build();
		java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
			.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.body()).contains("payload-too-large");
		assertNothingStored();
	}

	@Test
	void invalidUtf8IsRefused() {
		byte[] body = "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
		Response response = this.admin.sendBytes("POST", "/api/v1/teams", body, "application/json");
		assertProblem(response, 400, "unreadable-body");
		assertNothingStored();
	}

	@Test
	void anUnknownPathIsAProblemNotAPage() {
		Response response = this.admin.get("/api/v1/no-such-thing");
		assertProblem(response, 404, "http-404");
		assertThat(response.text("instance")).isEqualTo("/api/v1/no-such-thing");
	}

	@Test
	void anUnknownIdIsNamed() {
		Response response = this.admin.get("/api/v1/teams/2b0f1f86-3a5e-4b8e-9d4c-5b1a1c9e0a11");
		assertProblem(response, 404, "not-found");
		assertThat(response.text("detail")).contains("Team 2b0f1f86-3a5e-4b8e-9d4c-5b1a1c9e0a11 does not exist");
		assertProblem(this.admin.get("/api/v1/teams/not-a-uuid"), 400, "http-400");
	}

	@Test
	void aWrongMethodAndAWrongContentTypeAreProblems() {
		assertProblem(this.admin.send("PUT", "/api/v1/teams", "{}"), 405, "http-405");
		assertProblem(this.admin.sendBytes("POST", "/api/v1/teams", "name=x".getBytes(), "text/plain"), 415, "http-415");
	}

	@Test
	void aMalformedIdempotencyKeyIsRefused() {
		Response response = this.admin.header("Idempotency-Key", "x".repeat(300))
			.post("/api/v1/teams", TestApi.json(Map.of("name", "Never stored")));
		assertProblem(response, 400, "invalid-idempotency-key");
		assertNothingStored();
	}

	void assertProblem(Response response, int status, String type) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("type")).isEqualTo(ProblemWriter.TYPE_BASE + type);
		assertThat(response.text("detail")).isNotBlank();
	}

	void assertNothingStored() {
		assertThat(count("teams")).isEqualTo(this.teamsBefore);
		assertThat(count("agents")).isEqualTo(this.agentsBefore);
	}

	int count(String table) {
		return this.jdbc.queryForObject("select count(*) from " + table, Integer.class);
	}

}
