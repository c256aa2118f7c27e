package nl.naadloos.channels;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.PublicEndpoints;

/**
 * Inbound messages of the generic API channel. Public (no agent token): every request must carry
 * {@code X-Naadloos-Signature: sha256=<hex HMAC-SHA256 of the raw body with the account secret>}.
 */
@RestController
@Tag(name = "API channel", description = "Send customer messages from your own systems")
class ApiChannelInbound {

	static final String SIGNATURE_HEADER = "X-Naadloos-Signature";

	private static final String RESPOND_ASYNC = "respond-async";

	private final ChannelAccountService accounts;

	private final InboundProcessor processor;

	private final ApiChannelParser parser;

	private final Duration answerWithin;

	ApiChannelInbound(ChannelAccountService accounts, InboundProcessor processor, ApiChannelParser parser,
			@Value("${naadloos.channels.inbound.answer-within:PT10S}") Duration answerWithin) {
		this.accounts = accounts;
		this.processor = processor;
		this.parser = parser;
		this.answerWithin = answerWithin;
	}

	@PostMapping(path = "/api/v1/channels/api/{accountId}/messages", consumes = "application/json")
	@Operation(summary = "Post a customer message",
			description = """
					Body: {"messageId", "from": {"id", "name", "email", "phone", "language"}, "text", "sentAt", "replyTo", "subject"}. \
					Answers 202 with where the message landed (status "processed"; "queued" if threading takes longer than \
					naadloos.channels.inbound.answer-within, 10 s: it lands moments later). The same messageId again gives the same \
					answer and stores nothing twice. On a trusted account from.email and from.phone are verified identities; \
					otherwise they only lead to merge suggestions. With the header "Prefer: respond-async" (RFC 7240) the \
					answer comes as soon as the message is stored (status "queued", header "Preference-Applied") and it is \
					threaded moments later, in order per sender: for high-volume integrations that do not need the ids.""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
					value = """
							{"messageId": "shop-msg-10482", "from": {"id": "customer-5521", "name": "Sanne de Vries", \
							"email": "sanne@example.nl", "phone": "06 12345678", "language": "nl"}, \
							"text": "Mijn bestelling 123456 is nog niet binnen.", "sentAt": "2026-11-23T09:15:00+01:00"}"""))),
			responses = @ApiResponse(responseCode = "202", content = @Content(examples = @ExampleObject(value = """
					{"status": "processed", "conversationId": "7b1e4c2a-9f3d-4e8b-a6c5-1d2f3e4a5b6c", "conversationNumber": 1042, \
					"messageId": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f", "contactId": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"}"""))))
	ResponseEntity<Accepted> receive(@PathVariable UUID accountId,
			@Parameter(description = "sha256=<hex HMAC-SHA256 of the raw body with the account secret>")
			@RequestHeader(name = SIGNATURE_HEADER, required = false) @Nullable String signature,
			@Parameter(description = "respond-async: answer once stored, thread afterwards")
			@RequestHeader(name = "Prefer", required = false) @Nullable String prefer,
			@RequestBody byte[] body) {
		ChannelAccountService.LiveAccount account = this.accounts.live(accountId)
			.filter(a -> a.activeAs(Channel.API))
			.orElseThrow(() -> new ChannelProblems.UnknownAccount(accountId));
		String secret = (String) account.settings().get("secret");
		if (signature == null) {
			throw new ChannelProblems.BadSignature("The " + SIGNATURE_HEADER + " header is missing.");
		}
		if (!Signatures.matchesSha256Header(secret, body, signature)) {
			throw new ChannelProblems.BadSignature("The " + SIGNATURE_HEADER
					+ " header does not match the body: sign the exact bytes sent with the account secret (HMAC-SHA256, hex).");
		}
		String text = utf8(body);
		ApiInboundMessage message = this.parser.parse(text);
		InboundProcessor.StoredEvent event = this.processor.store(accountId, message.messageId(), message.from().id(), text);
		if (event.result() != null) {
			return answer(event.result(), false);
		}
		if (respondAsync(prefer)) {
			this.processor.processLater(event.id(), message.from().id());
			return answer(null, true);
		}
		return answer(this.processor.processAndWait(event.id(), message.from().id(), this.answerWithin), false);
	}

	private static ResponseEntity<Accepted> answer(@Nullable InboundResult result, boolean asyncApplied) {
		ResponseEntity.BodyBuilder accepted = ResponseEntity.status(HttpStatus.ACCEPTED);
		if (asyncApplied) {
			accepted.header("Preference-Applied", RESPOND_ASYNC);
		}
		if (result == null) {
			return accepted.body(new Accepted("queued", null, null, null, null));
		}
		return accepted.body(new Accepted("processed", result.conversationId(), result.conversationNumber(),
				result.messageId(), result.contactId()));
	}

	/** Whether the Prefer header (RFC 7240: comma-separated preferences, parameters after ";") asks for it. */
	static boolean respondAsync(@Nullable String prefer) {
		if (prefer == null) {
			return false;
		}
		for (String preference : prefer.split(",")) {
			String token = preference.split("[;=]", 2)[0].strip();
			if (token.equalsIgnoreCase(RESPOND_ASYNC)) {
				return true;
			}
		}
		return false;
	}

	private static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new InvalidRequest("The body is not valid UTF-8.");
		}
	}

	/**
	 * @param status {@code processed}, or {@code queued} when it is stored and will be processed shortly
	 * @param conversationId where it landed
	 * @param conversationNumber the conversation's number
	 * @param messageId the stored message
	 * @param contactId the contact it was attributed to
	 */
	record Accepted(String status, @Nullable UUID conversationId, @Nullable Long conversationNumber,
			@Nullable UUID messageId, @Nullable UUID contactId) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ApiChannelEndpoints {

		@Bean
		PublicEndpoints apiChannelEndpoints() {
			return new PublicEndpoints(java.util.List.of("/api/v1/channels/api/*/messages"));
		}

	}

}
