package nl.naadloos.conversations;

/** Where every channel delivers its inbound messages. */
public interface ConversationInbox {

	/**
	 * Threads an inbound message into the right conversation: an explicit reference wins, else the
	 * contact's most recently active conversation that is not closed within the continuation window (on
	 * any channel), else a new conversation. Idempotent on the channel account and provider message id.
	 */
	InboundResult receive(InboundEnvelope envelope);

}
