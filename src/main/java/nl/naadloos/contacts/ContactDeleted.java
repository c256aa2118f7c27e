package nl.naadloos.contacts;

import java.util.UUID;

/**
 * A contact and its identities were erased (for example on a GDPR erasure request). Modules that keep
 * data about the contact must erase or anonymise it.
 *
 * @param contactId the deleted contact
 */
public record ContactDeleted(UUID contactId) {
}
