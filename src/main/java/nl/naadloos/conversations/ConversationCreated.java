package nl.naadloos.conversations;

import java.util.UUID;

/**
 * A new conversation was opened by an inbound message.
 *
 * @param conversationId the new conversation
 * @param contactId its contact
 * @param previousConversationId the contact's earlier conversation it follows up, if any
 */
public record ConversationCreated(UUID conversationId, UUID contactId, @org.jspecify.annotations.Nullable UUID previousConversationId) {
}
