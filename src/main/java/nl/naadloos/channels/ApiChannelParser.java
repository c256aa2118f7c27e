package nl.naadloos.channels;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.stereotype.Component;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.conversations.InboundAttachment;
import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/** Reads and checks API channel messages, when they arrive and again when a stored one is processed. */
@Component
class ApiChannelParser implements InboundParser {

	private final JsonMapper json;

	private final Validator validator;

	private final BlobStore blobs;

	ApiChannelParser(JsonMapper json, Validator validator, BlobStore blobs) {
		this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
		this.validator = validator;
		this.blobs = blobs;
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
		List<InboundAttachment> files = new ArrayList<>();
		for (ApiInboundMessage.Attachment attachment : attachments(message)) {
			BlobStore.Stored stored = this.blobs.put(new ByteArrayInputStream(Base64.getMimeDecoder().decode(attachment.data())),
					Long.MAX_VALUE);
			files.add(new InboundAttachment(fileName(attachment.fileName()), contentType(attachment), stored.size(),
					stored.sha256()));
		}
		return new InboundEnvelope(Channel.API, account.id(), sender, message.messageId(), message.subject(),
				message.text(), null, sentAt, message.replyTo(), files, null, false);
	}

	private static List<ApiInboundMessage.Attachment> attachments(ApiInboundMessage message) {
		return message.attachments() == null ? List.of() : message.attachments();
	}

	/** The name without any folder and without control characters; never empty. */
	static String fileName(String given) {
		String name = given.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
		return name.isEmpty() || name.equals(".") || name.equals("..") ? "attachment" : name;
	}

	private static String contentType(ApiInboundMessage.Attachment attachment) {
		if (attachment.contentType() != null && !attachment.contentType().isBlank()) {
			return MediaType.parseMediaType(attachment.contentType()).toString();
		}
		return MediaTypeFactory.getMediaType(attachment.fileName())
			.map(MediaType::toString)
			.orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
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
		List<ApiInboundMessage.Attachment> files = attachments(message);
		for (int i = 0; i < files.size(); i++) {
			try {
				Base64.getMimeDecoder().decode(files.get(i).data());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidRequest("attachments[" + i + "].data is not valid base64.");
			}
			try {
				contentType(files.get(i));
			}
			catch (InvalidMediaTypeException ex) {
				throw new InvalidRequest("attachments[" + i + "].contentType is not a media type such as image/png.");
			}
		}
		return message;
	}

}
