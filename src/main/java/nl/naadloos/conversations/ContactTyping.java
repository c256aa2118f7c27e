package nl.naadloos.conversations;

import java.util.UUID;

/** The customer is typing in a conversation (on a channel that tells, like the chat widget). Not stored. */
public record ContactTyping(UUID conversationId, String contactName) {
}
