package nl.naadloos.conversations;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.Channel;

/**
 * A reply left Naadloos: the channel's provider accepted it. Published once per reply, next to the
 * {@link MessageDeliveryChanged} to {@code sent}; what comes after (delivered, read, failed) only changes
 * the delivery status.
 *
 * @param messageId the reply
 * @param conversationId its conversation
 * @param channel the channel it went out on
 * @param channelAccountId the channel account it went out through
 * @param authorAgentId the agent who wrote it
 * @param providerMessageId the provider's id of it, when the provider gave one
 */
public record MessageSent(UUID messageId, UUID conversationId, @Nullable Channel channel, @Nullable UUID channelAccountId,
		@Nullable UUID authorAgentId, @Nullable String providerMessageId) {
}
