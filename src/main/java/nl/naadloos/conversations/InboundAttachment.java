package nl.naadloos.conversations;

import org.jspecify.annotations.Nullable;

/**
 * A file that came with an inbound message, already in the {@link nl.naadloos.platform.BlobStore}.
 *
 * @param fileName the name as the sender gave it (without any path)
 * @param contentType its media type
 * @param size bytes
 * @param sha256 where the blob store keeps it
 * @param contentId the part's Content-ID without angle brackets (an e-mail's HTML refers to it as
 * {@code cid:…}), when it has one
 * @param inline an image the message's HTML shows in place rather than a file to download
 */
public record InboundAttachment(String fileName, String contentType, long size, String sha256,
		@Nullable String contentId, boolean inline) {

	/** A file to download, not shown in the text. */
	public InboundAttachment(String fileName, String contentType, long size, String sha256) {
		this(fileName, contentType, size, sha256, null, false);
	}

}
