package nl.naadloos.contacts;

import java.util.UUID;

/**
 * Two contacts turned out to be one person: the identities of {@code mergedId} moved to
 * {@code survivorId}. Conversations of {@code mergedId} must move to {@code survivorId}; remember what
 * moved under {@code mergeId}, because {@link ContactsUnmerged} may ask to move it back.
 *
 * @param mergeId the merge, to be referred to by an un-merge
 * @param survivorId the contact that remains
 * @param mergedId the contact that was merged into the survivor and is now hidden
 */
public record ContactsMerged(UUID mergeId, UUID survivorId, UUID mergedId) {
}
