package nl.naadloos.channels;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/** Reads and checks API channel messages, when they arrive and again when a stored one is processed. */
@Component
class ApiChannelParser implements InboundParser {

	private final JsonMapper json;

	private final Validator validator;

	ApiChannelParser(JsonMapper json, Validator validator) {
		this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.validator = validator;
	}

	@Override
	public Channel channel() {
		return Channel.API;
	}

	@Override
	public InboundEnvelope envelope(InboundEvent event, ChannelAccount account, Map<String, Object> settings) {
		ApiInboundMessage message = parse(event.payload());
		boolean trusted = Boolean.TRUE.equals(settings.get("trusted"));
		ApiInboundMessage.Sender from = message.from();
		SenderHints sender = new SenderHints(Channel.API.key(), account.id(), IdentityKind.PROVIDER, from.id(), from.name(),
				from.email(), from.phone(), trusted, from.language());
		Instant sentAt = message.sentAt() == null ? event.receivedAt() : message.sentAt().toInstant();
		return new InboundEnvelope(Channel.API, account.id(), sender, message.messageId(), message.subject(),
				message.text(), null, sentAt, message.replyTo());
	}

	ApiInboundMessage parse(String text) {
		ApiInboundMessage message;
		try {
			message = this.json.readValue(text, ApiInboundMessage.class);
		}
		catch (JacksonException ex) {
			throw new InvalidRequest("The body is not a valid message: " + ex.getOriginalMessage());
		}
		if (message == null) {
			throw new InvalidRequest("The body must be a JSON object.");
		}
		Set<ConstraintViolation<ApiInboundMessage>> violations = this.validator.validate(message);
		if (!violations.isEmpty()) {
			throw new ConstraintViolationException(violations);
		}
		if (text.indexOf('\u0000') >= 0 || message.text().indexOf('\u0000') >= 0) {
			throw new InvalidRequest("The message contains a NUL character, which is not allowed.");
		}
		return message;
	}

}
