package nl.naadloos.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the REST API as an integrator uses it: JSON over real HTTP. */
public final class TestApi {

	public static final String ADMIN_EMAIL = "admin@naadloos.test";

	public static final String ADMIN_PASSWORD = "admin-password-for-tests";

	public static final String ADMIN_TOKEN = "nld_test_admin_token_0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	private final String token;

	private final Map<String, String> headers = new LinkedHashMap<>();

	public TestApi(int port, String token) {
		this.base = "http://localhost:" + port;
		this.token = token;
	}

	public static TestApi asAdmin(int port) {
		return new TestApi(port, ADMIN_TOKEN);
	}

	public TestApi as(String otherToken) {
		return new TestApi(Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1)), otherToken);
	}

	public TestApi anonymous() {
		return as(null);
	}

	public TestApi header(String name, String value) {
		TestApi copy = new TestApi(Integer.parseInt(this.base.substring(this.base.lastIndexOf(':') + 1)), this.token);
		copy.headers.putAll(this.headers);
		copy.headers.put(name, value);
		return copy;
	}

	public Response get(String path) {
		return send("GET", path, null);
	}

	public Response delete(String path) {
		return send("DELETE", path, null);
	}

	public Response post(String path, String body) {
		return send("POST", path, body);
	}

	public Response patch(String path, String body) {
		return send("PATCH", path, body);
	}

	public Response put(String path, String body) {
		return send("PUT", path, body);
	}

	public Response send(String method, String path, String body) {
		return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json");
	}

	public Response sendBytes(String method, String path, byte[] body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
		if (body != null) {
			request.header("Content-Type", contentType);
		}
		request.header("Accept", "application/json");
		if (this.token != null) {
			request.header("Authorization", "Bearer " + this.token);
		}
		this.headers.forEach(request::header);
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers().map());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Posts a customer's message to an API channel account as the connected system does: JSON signed with
	 * the account's secret ({@code X-Naadloos-Signature}), without a login.
	 */
	public Response inbound(String channelAccountId, String secret, Object message) {
		byte[] body = json(message).getBytes(StandardCharsets.UTF_8);
		return anonymous().header("X-Naadloos-Signature", "sha256=" + hmacHex(secret, body))
			.sendBytes("POST", "/api/v1/channels/api/" + channelAccountId + "/messages", body, "application/json");
	}

	/** Hex HMAC-SHA256, as a shop's server computes a logged-in visitor's hash for the chat widget. */
	public static String hmacHex(String secret, String text) {
		return hmacHex(secret, text.getBytes(StandardCharsets.UTF_8));
	}

	private static String hmacHex(String secret, byte[] body) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return java.util.HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	/** An HTTP answer. */
	public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public String text(String field) {
			return json().path(field).asString();
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
