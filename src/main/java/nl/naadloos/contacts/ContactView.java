package nl.naadloos.contacts;

import java.util.List;

/**
 * A contact with its identities, as the API shows it.
 *
 * @param contact the contact
 * @param identities its identities, e-mail addresses first, then phone numbers, then provider ids
 */
record ContactView(Contact contact, List<Identity> identities) {
}
