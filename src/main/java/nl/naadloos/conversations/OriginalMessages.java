package nl.naadloos.conversations;

import java.util.Optional;
import java.util.UUID;

/**
 * The message exactly as the channel delivered it (for e-mail the whole .eml), kept by the channels module
 * that received it. Implemented there; conversations only asks.
 */
public interface OriginalMessages {

	/** The original of an inbound message, by the channel account and the provider's id of the message. */
	Optional<Original> original(UUID channelAccountId, String providerMessageId);

	/**
	 * @param sha256 where the blob store keeps it
	 * @param size bytes
	 * @param contentType its media type, e.g. {@code message/rfc822}
	 * @param extension the file name extension for a download, e.g. {@code eml}
	 */
	record Original(String sha256, long size, String contentType, String extension) {
	}

}
