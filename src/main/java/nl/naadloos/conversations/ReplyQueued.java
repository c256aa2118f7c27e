package nl.naadloos.conversations;

import java.util.UUID;

import nl.naadloos.platform.Channel;

/**
 * An agent's reply waits for delivery through a channel account. The channels module delivers it and
 * reports back through {@link OutboundDelivery}.
 *
 * @param messageId the reply
 * @param conversationId its conversation
 * @param channel the channel to send it on
 * @param channelAccountId the channel account to send it through
 */
public record ReplyQueued(UUID messageId, UUID conversationId, Channel channel, UUID channelAccountId) {
}
