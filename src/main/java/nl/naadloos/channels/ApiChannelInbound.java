package nl.naadloos.channels;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

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

	private final ChannelAccountService accounts;

	private final InboundProcessor processor;

	private final ApiChannelParser parser;

	ApiChannelInbound(ChannelAccountService accounts, InboundProcessor processor, ApiChannelParser parser) {
		this.accounts = accounts;
		this.processor = processor;
		this.parser = parser;
	}

	@PostMapping(path = "/api/v1/channels/api/{accountId}/messages", consumes = "application/json")
	@Operation(summary = "Post a customer message",
			description = """
					Body: {"messageId", "from": {"id", "name", "email", "phone", "language"}, "text", "sentAt", "replyTo", "subject"}. \
					Answers 202 with where the message landed. The same messageId again gives the same answer and stores \
					nothing twice. On a trusted account from.email and from.phone are verified identities; otherwise they \
					only lead to merge suggestions.""")
	ResponseEntity<Accepted> receive(@PathVariable UUID accountId,
			@Parameter(description = "sha256=<hex HMAC-SHA256 of the raw body with the account secret>")
			@RequestHeader(name = SIGNATURE_HEADER, required = false) @Nullable String signature,
			@RequestBody byte[] body) {
		ChannelAccount account = this.accounts.activeAccount(accountId, Channel.API)
			.orElseThrow(() -> new ChannelProblems.UnknownAccount(accountId));
		String secret = (String) this.accounts.settings(account).get("secret");
		if (signature == null) {
			throw new ChannelProblems.BadSignature("The " + SIGNATURE_HEADER + " header is missing.");
		}
		if (!Signatures.matchesSha256Header(secret, body, signature)) {
			throw new ChannelProblems.BadSignature("The " + SIGNATURE_HEADER
					+ " header does not match the body: sign the exact bytes sent with the account secret (HMAC-SHA256, hex).");
		}
		String text = utf8(body);
		ApiInboundMessage message = this.parser.parse(text);
		InboundEvent event = this.processor.store(accountId, message.messageId(), text);
		InboundResult result = this.processor.process(event.id());
		if (result == null) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Accepted("queued", null, null, null, null));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(new Accepted("processed", result.conversationId(), result.conversationNumber(), result.messageId(),
					result.contactId()));
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
