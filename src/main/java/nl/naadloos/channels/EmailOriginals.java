package nl.naadloos.channels;

import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.conversations.OriginalMessages;
import nl.naadloos.platform.BlobStore;

/** Mails as they arrived: the .eml each raw inbound event of a mailbox points to. */
@Component
class EmailOriginals implements OriginalMessages {

	private final InboundEvents events;

	private final BlobStore blobs;

	private final JsonMapper json;

	EmailOriginals(InboundEvents events, BlobStore blobs, JsonMapper json) {
		this.events = events;
		this.blobs = blobs;
		this.json = json;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Original> original(UUID channelAccountId, String providerMessageId) {
		return this.events.findByChannelAccountIdAndProviderId(channelAccountId, providerMessageId).flatMap(event -> {
			JsonNode payload = this.json.readTree(event.payload());
			String sha256 = payload.path("eml").asString(null);
			if (sha256 == null || !this.blobs.exists(sha256)) {
				return Optional.empty();
			}
			return Optional.of(new Original(sha256, payload.path("size").asLong(), "message/rfc822", "eml"));
		});
	}

}
