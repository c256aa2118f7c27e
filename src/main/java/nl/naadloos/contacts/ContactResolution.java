package nl.naadloos.contacts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Resolves inbound senders to contacts; called by the conversations module for every inbound message.
 * <p>
 * A known identity leads to its contact. A new identity joins the contact of a verified identity the
 * sender gave through a trusted channel account, or else gets a new contact. Hints that point at
 * another contact never merge anything: they record a merge suggestion ({@link MergeSuggested}).
 * <p>
 * Concurrency: when the first messages of a new sender arrive at the same moment, one creates the
 * contact and the others collide on the unique identity. Called without a transaction, resolution runs
 * in transactions of its own, re-reads after a collision and finds what the winner stored. Called inside
 * a transaction, it takes part in it (one transaction for a whole inbound message), and a collision
 * surfaces as a {@link org.springframework.dao.DataIntegrityViolationException}: the caller rolls back
 * and starts the message again.
 */
public interface ContactResolution {

	/**
	 * Finds or creates the contact of a sender.
	 * @param sender the sender as the channel adapter saw it
	 * @return the contact and the identity of the sender's primary address
	 * @throws nl.naadloos.platform.InvalidRequest when the primary address is not a valid address of its
	 * kind (invalid hints are ignored)
	 */
	ResolvedSender resolve(SenderHints sender);

	/**
	 * Like {@link #resolve(SenderHints)}, for a message that answers one we sent to the identity
	 * {@code answeredIdentityId}. When the sender writes from that very address, answering is proof that
	 * it is theirs: an address that was only given unverified (typed into a chat's pre-chat form, say)
	 * is verified on its contact instead of moving to a contact of its own.
	 */
	ResolvedSender resolve(SenderHints sender, @Nullable UUID answeredIdentityId);

}
