package nl.naadloos.conversations;

import java.util.UUID;

/**
 * A conversation's status changed.
 *
 * @param conversationId the conversation
 * @param from the status before
 * @param to the status now
 */
public record ConversationStatusChanged(UUID conversationId, ConversationStatus from, ConversationStatus to) {
}
