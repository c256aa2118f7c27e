package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import nl.naadloos.conversations.OutboundDelivery;
import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;

/**
 * Delivers replies of the API channel by POSTing them as JSON to the account's webhook URL, signed like
 * inbound requests ({@code X-Naadloos-Signature}). 2xx is delivered; 5xx, 408, 429 and network
 * failures are retried; other 4xx fail at once (the integration refused it).
 */
@Component
class ApiChannelProvider implements ChannelProvider {

	private final HttpClient http;

	private final JsonMapper json;

	private final OutboxProperties properties;

	private final Clock clock;

	private final BlobStore blobs;

	ApiChannelProvider(JsonMapper json, OutboxProperties properties, BlobStore blobs, Clock clock) {
		this.blobs = blobs;
		this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Channel channel() {
		return Channel.API;
	}

	@Override
	public Result send(ChannelAccount account, Map<String, Object> settings, OutboundMessage message,
			String recipientAddress) {
		Object webhook = settings.get("webhookUrl");
		if (!(webhook instanceof String url) || url.isBlank()) {
			return Result.failed("The API channel account '" + account.name() + "' has no webhook URL for replies.");
		}
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("event", "message.created");
		payload.put("messageId", message.messageId());
		payload.put("conversationId", message.conversationId());
		payload.put("conversationNumber", message.conversationNumber());
		payload.put("to", Map.of("id", recipientAddress));
		payload.put("text", message.text());
		payload.put("agent", Map.of("name", message.agentName()));
		payload.put("inReplyTo", message.inReplyToProviderMessageId());
		payload.put("sentAt", this.clock.instant().toString());
		if (!message.files().isEmpty()) {
			// As files come in: base64 in the signed body (a reply's files are at most naadloos.api.max-upload-size).
			List<Map<String, Object>> files = new ArrayList<>();
			for (OutboundDelivery.OutboundFile file : message.files()) {
				try (InputStream content = this.blobs.open(file.sha256())) {
					files.add(Map.of("fileName", file.fileName(), "contentType", file.contentType(), "size", file.size(),
							"data", Base64.getEncoder().encodeToString(content.readAllBytes())));
				}
				catch (IOException | RuntimeException ex) {
					return Result.retry("The file " + file.fileName() + " could not be read: " + ex.getMessage());
				}
			}
			payload.put("attachments", files);
		}
		byte[] body = this.json.writeValueAsBytes(payload);
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(this.properties.timeout())
			.header("Content-Type", "application/json")
			.header(ApiChannelInbound.SIGNATURE_HEADER, Signatures.sha256Header((String) settings.get("secret"), body))
			.header("Idempotency-Key", message.messageId().toString())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Result.sent(message.messageId().toString());
			}
			if (status >= 500 || status == 408 || status == 429) {
				return Result.retry("The webhook answered HTTP " + status + ".");
			}
			return Result.failed("The webhook refused the reply with HTTP " + status + ".");
		}
		catch (HttpTimeoutException ex) {
			return Result.retry("The webhook did not answer within " + this.properties.timeout().toSeconds() + " s.");
		}
		catch (IOException ex) {
			return Result.retry("Could not reach the webhook: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.retry("Interrupted while sending.");
		}
	}

}
