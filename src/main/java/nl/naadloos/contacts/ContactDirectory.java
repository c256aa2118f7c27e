package nl.naadloos.contacts;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Read access to contacts and their identities for other modules. */
public interface ContactDirectory {

	/** The contact with this id, also when it has been merged into another one. */
	Optional<ContactSummary> findContact(UUID contactId);

	/** The identities of the contact, e-mail addresses first, then phone numbers, then provider ids. */
	List<IdentitySummary> identitiesOf(UUID contactId);

	/**
	 * Contacts whose name contains the query, or who have it as e-mail address or phone number (in any
	 * format), by name.
	 */
	List<ContactSummary> search(String query, int limit);

	/** The contact a merged contact now lives in (follows merges), or the id itself. */
	UUID currentContactId(UUID contactId);

	/**
	 * The identity with this address and the contact it belongs to, if anyone has it.
	 * @param channelAccountId the channel account of a provider id; ignored for e-mail and phone
	 * @throws nl.naadloos.platform.InvalidRequest when the address is not valid for its kind
	 */
	Optional<IdentityOwner> findIdentity(IdentityKind kind, String address, @Nullable UUID channelAccountId);

	/** An identity and the contact who has it. */
	record IdentityOwner(UUID contactId, IdentitySummary identity) {
	}

}
