package nl.naadloos.conversations;

import java.time.Instant;
import java.util.UUID;

/** An agent had the conversation on screen at this moment: what the customer wrote before it was seen. */
public record ConversationSeen(UUID conversationId, Instant at) {
}
