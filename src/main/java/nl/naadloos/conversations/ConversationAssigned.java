package nl.naadloos.conversations;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A conversation got a new owner or team (or lost them).
 *
 * @param conversationId the conversation
 * @param ownerAgentId the owner, or {@code null} when unassigned
 * @param teamId the team, or {@code null}
 */
public record ConversationAssigned(UUID conversationId, @Nullable UUID ownerAgentId, @Nullable UUID teamId) {
}
