package nl.naadloos.conversations;

import java.util.UUID;

/**
 * Where an inbound message ended up.
 *
 * @param conversationId the conversation
 * @param conversationNumber its human-readable number
 * @param messageId the stored message
 * @param contactId the contact
 * @param duplicate whether the message had been received before (nothing new was stored)
 * @param newConversation whether the message started a new conversation
 */
public record InboundResult(UUID conversationId, long conversationNumber, UUID messageId, UUID contactId,
		boolean duplicate, boolean newConversation) {

	/** A result that did not start a conversation (or where that is not known). */
	public InboundResult(UUID conversationId, long conversationNumber, UUID messageId, UUID contactId,
			boolean duplicate) {
		this(conversationId, conversationNumber, messageId, contactId, duplicate, false);
	}

}
