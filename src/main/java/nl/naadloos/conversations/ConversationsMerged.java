package nl.naadloos.conversations;

import java.util.UUID;

/**
 * One conversation was merged into another; the merged one is closed and its messages moved.
 *
 * @param targetId the conversation that continues
 * @param mergedId the conversation that was merged into it
 */
public record ConversationsMerged(UUID targetId, UUID mergedId) {
}
