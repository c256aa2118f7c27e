package nl.naadloos.conversations;

import java.util.UUID;

import nl.naadloos.platform.Channel;

/**
 * A customer message was added to a conversation.
 *
 * @param conversationId the conversation
 * @param messageId the message
 * @param contactId the contact who wrote
 * @param channel the channel it came in on
 * @param reopened whether it reopened a solved conversation
 */
public record MessageReceived(UUID conversationId, UUID messageId, UUID contactId, Channel channel, boolean reopened) {
}
