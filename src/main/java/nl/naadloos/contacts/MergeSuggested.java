package nl.naadloos.contacts;

import java.util.UUID;

/**
 * Two contacts may be one person, but the evidence is not strong enough to merge them automatically
 * (for example a phone number typed into a chat form that belongs to another contact). An agent
 * decides.
 *
 * @param suggestionId the suggestion, to accept or dismiss
 * @param contactId the contact the sender resolved to
 * @param otherContactId the contact that already had the address
 * @param reason why the merge is suggested, for the agent
 */
public record MergeSuggested(UUID suggestionId, UUID contactId, UUID otherContactId, String reason) {
}
