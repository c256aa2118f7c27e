package nl.naadloos.conversations;

/**
 * A file that came with an inbound message, already in the {@link nl.naadloos.platform.BlobStore}.
 *
 * @param fileName the name as the sender gave it (without any path)
 * @param contentType its media type
 * @param size bytes
 * @param sha256 where the blob store keeps it
 */
public record InboundAttachment(String fileName, String contentType, long size, String sha256) {
}
