package nl.naadloos.conversations;

/** Where every channel delivers its inbound messages. */
public interface ConversationInbox {

	/**
	 * Threads an inbound message into the right conversation: an explicit reference wins, else the
	 * contact's most recently active conversation that is not closed within the continuation window (on
	 * any channel), else a new conversation. Idempotent on the channel account and provider message id.
	 * <p>
	 * Called inside a transaction, everything happens in that transaction (so a channel can mark its raw
	 * event processed in the same commit), and a collision with a concurrent first message of the same new
	 * sender surfaces as a {@link org.springframework.dao.DataIntegrityViolationException} or
	 * {@link org.springframework.dao.ConcurrencyFailureException}: roll back and call again. Called
	 * without one, it runs in a transaction of its own and retries such collisions itself.
	 */
	InboundResult receive(InboundEnvelope envelope);

	/**
	 * Queues an automatic answer to an inbound message (an acknowledgement), on the same channel account
	 * to the same address, delivered through the outbox like a reply and shown in the conversation. Not
	 * when the same address got one within {@code notTwiceWithin}: a sender is never flooded.
	 * @return the queued message, or empty when it was not sent
	 */
	java.util.Optional<java.util.UUID> acknowledge(java.util.UUID inboundMessageId, String text,
			java.time.Duration notTwiceWithin);

	/**
	 * Gives a conversation that has no team yet to this team (a channel account that routes its new
	 * conversations to one team, such as a chat widget). An unknown team changes nothing.
	 */
	void routeToTeam(java.util.UUID conversationId, java.util.UUID teamId);

}
