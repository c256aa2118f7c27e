package nl.naadloos.contacts;

import java.util.UUID;

/**
 * The contact an inbound sender turned out to be.
 *
 * @param contactId the contact (never a merged one)
 * @param identityId the identity the channel vouched for (the primary address of the sender)
 * @param newContact whether the contact was created for this message
 */
public record ResolvedSender(UUID contactId, UUID identityId, boolean newContact) {
}
