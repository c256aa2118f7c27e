package nl.naadloos.contacts;

import java.util.UUID;

/**
 * A merge was undone: the contact {@code restoredId} exists on its own again. Whatever moved to
 * {@code survivorId} in merge {@code mergeId} must move back to {@code restoredId}.
 *
 * @param mergeId the merge that was undone
 * @param survivorId the contact that had absorbed the other one
 * @param restoredId the contact that exists on its own again
 */
public record ContactsUnmerged(UUID mergeId, UUID survivorId, UUID restoredId) {
}
