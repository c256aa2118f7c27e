package nl.naadloos.conversations;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** How the channels module reads a queued reply and reports its delivery. */
public interface OutboundDelivery {

	Optional<OutboundMessage> outboundMessage(UUID messageId);

	/**
	 * A bounce for a reply sent through this channel account with this provider id (for e-mail: our
	 * Message-ID): the reply is marked failed with the reason. Unknown ids are ignored.
	 */
	void recordBounce(UUID channelAccountId, String providerMessageId, String reason);

	/** Applies a delivery report; stale or out-of-order reports are ignored. */
	void recordDelivery(UUID messageId, DeliveryStatus status, @Nullable String reason,
			@Nullable String providerMessageId);

	/**
	 * A reply as the channel needs it to send it.
	 *
	 * @param messageId the reply
	 * @param conversationId its conversation
	 * @param conversationNumber the human-readable number
	 * @param subject the conversation subject
	 * @param contactId the recipient contact
	 * @param identityId the recipient identity on the reply's channel
	 * @param text the text
	 * @param agentName who wrote it
	 * @param inReplyToProviderMessageId provider id of the customer message it answers, if any
	 * @param automatic sent by Naadloos itself (an acknowledgement), not written by an agent
	 */
	record OutboundMessage(UUID messageId, UUID conversationId, long conversationNumber, @Nullable String subject,
			UUID contactId, @Nullable UUID identityId, String text, String agentName,
			@Nullable String inReplyToProviderMessageId, boolean automatic) {
	}

}
