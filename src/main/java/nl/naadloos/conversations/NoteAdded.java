package nl.naadloos.conversations;

import java.util.UUID;

/** An agent wrote an internal note in a conversation. */
public record NoteAdded(UUID conversationId, UUID messageId, UUID agentId) {
}
