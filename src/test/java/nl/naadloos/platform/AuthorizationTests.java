package nl.naadloos.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import nl.naadloos.accounts.AccountsTestSupport;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enumerates every request mapping of the running application and checks it over real HTTP: anonymous
 * callers get 401 (API) or a redirect to the login page (screens) unless the path is on the explicit
 * public list below, and an agent gets 403 on everything meant for admins or supervisors. A new
 * endpoint is covered the moment it exists; making one public means adding it here, on purpose.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationTests {

	/** Paths anyone may call. Keep this list short and deliberate. */
	static final List<String> PUBLIC = List.of("/login", "/error", "/v3/api-docs", "/v3/api-docs/**",
			"/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**",
			// Inbound messages of the API channel: authenticated by the account's HMAC signature instead.
			"/api/v1/channels/api/*/messages",
			// The chat widget on shops' sites: checks the site (origin), visitor tokens and signed file URLs.
			"/widget/**");

	static final AntPathMatcher PATHS = new AntPathMatcher();

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	String agentToken;

	List<Endpoint> endpoints;

	@BeforeAll
	void collectEndpointsAndAnAgent() {
		this.endpoints = new ArrayList<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : this.mappings.getHandlerMethods().entrySet()) {
			Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
			for (String pattern : entry.getKey().getPatternValues()) {
				for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
					this.endpoints.add(new Endpoint(method.name(), pattern, entry.getValue()));
				}
			}
		}
		TestApi admin = TestApi.asAdmin(this.port);
		String agentId = admin
			.post("/api/v1/agents", TestApi.json(Map.of("name", "Plain Agent", "email",
					"plain." + UUID.randomUUID() + "@example.nl", "role", "agent")))
			.json()
			.path("agent")
			.path("id")
			.asString();
		this.agentToken = AccountsTestSupport.issueToken(this.context, UUID.fromString(agentId));
	}

	@Autowired
	ApplicationContext context;

	@Test
	void findsTheEndpointsItChecks() {
		assertThat(this.endpoints).extracting(Endpoint::pattern)
			.contains("/api/v1/agents", "/api/v1/me/tokens", "/admin/agents", "/profile", "/");
	}

	@Test
	void anonymousCallersAreRefusedEverywhereButThePublicList() throws Exception {
		List<String> failures = new ArrayList<>();
		for (Endpoint endpoint : this.endpoints) {
			if (isPublic(endpoint.pattern())) {
				continue;
			}
			HttpResponse<String> response = call(endpoint, null);
			boolean api = endpoint.pattern().startsWith("/api/");
			boolean refused = api ? response.statusCode() == 401
					: response.statusCode() == 302 && response.headers().firstValue("Location").orElse("").endsWith("/login")
							|| (endpoint.method().equals("POST") && response.statusCode() == 403);
			if (!refused) {
				failures.add(endpoint + " answered " + response.statusCode() + " to an anonymous caller");
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void agentsAreRefusedOnAdminAndSupervisorEndpoints() throws Exception {
		List<String> failures = new ArrayList<>();
		int checked = 0;
		for (Endpoint endpoint : this.endpoints) {
			if (!endpoint.pattern().startsWith("/api/") || !endpoint.requiresMoreThanAgent()) {
				continue;
			}
			checked++;
			HttpResponse<String> response = call(endpoint, this.agentToken);
			if (response.statusCode() != 403) {
				failures.add(endpoint + " answered " + response.statusCode() + " to an agent");
			}
		}
		assertThat(checked).isGreaterThan(5);
		assertThat(failures).isEmpty();
	}

	HttpResponse<String> call(Endpoint endpoint, String token) throws Exception {
		String path = endpoint.pattern().replaceAll("\\{[^}]+}", UUID.randomUUID().toString()).replace("/**", "/x");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(endpoint.method(), endpoint.method().equals("GET") || endpoint.method().equals("DELETE")
					? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"))
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static boolean isPublic(String pattern) {
		return PUBLIC.stream().anyMatch(p -> PATHS.match(p, pattern) || p.equals(pattern));
	}

	record Endpoint(String method, String pattern, HandlerMethod handler) {

		boolean requiresMoreThanAgent() {
			PreAuthorize rule = this.handler.getMethodAnnotation(PreAuthorize.class);
			if (rule == null) {
				rule = this.handler.getBeanType().getAnnotation(PreAuthorize.class);
			}
			return rule != null && (rule.value().contains("ADMIN") || rule.value().contains("SUPERVISOR"));
		}

		@Override
		public String toString() {
			return this.method + " " + this.pattern;
		}

	}

}
