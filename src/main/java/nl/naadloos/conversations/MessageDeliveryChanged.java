package nl.naadloos.conversations;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The delivery status of a reply moved on (sent, delivered, read, failed).
 *
 * @param messageId the reply
 * @param conversationId its conversation
 * @param status the new status
 * @param reason why it failed, for failures
 */
public record MessageDeliveryChanged(UUID messageId, UUID conversationId, DeliveryStatus status,
		@Nullable String reason) {
}
