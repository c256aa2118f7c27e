package nl.naadloos.contacts;

/**
 * Resolves inbound senders to contacts; called by the conversations module for every inbound message.
 * <p>
 * A known identity leads to its contact. A new identity joins the contact of a verified identity the
 * sender gave through a trusted channel account, or else gets a new contact. Hints that point at
 * another contact never merge anything: they record a merge suggestion ({@link MergeSuggested}).
 * <p>
 * Resolution runs in a transaction of its own that is committed before this method returns (a caller's
 * transaction is suspended meanwhile). That is what makes it safe under concurrency: when the first
 * messages of a new sender arrive at the same moment, one creates the contact, the others collide on
 * the unique identity, re-read and find it, without spoiling the caller's transaction.
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

}
