package nl.naadloos.contacts;

import java.util.UUID;

/**
 * A contact was created, by an agent or for the first message of a new sender.
 *
 * @param contactId the new contact
 */
public record ContactCreated(UUID contactId) {
}
