package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
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
	 * @param quoted the customer message it answers, for channels that quote history (e-mail)
	 * @param files the files the agent attached, in the blob store
	 */
	record OutboundMessage(UUID messageId, UUID conversationId, long conversationNumber, @Nullable String subject,
			UUID contactId, @Nullable UUID identityId, String text, String agentName,
			@Nullable String inReplyToProviderMessageId, boolean automatic, @Nullable Quoted quoted,
			List<OutboundFile> files) {

		public OutboundMessage {
			files = List.copyOf(files);
		}

	}

	/**
	 * The message a reply answers, as the customer wrote it.
	 * @param text its text (for e-mail the new text, without the history it quoted itself)
	 * @param senderName the customer's name as we know it
	 * @param sentAt when they sent it
	 */
	record Quoted(String text, String senderName, Instant sentAt) {
	}

	/**
	 * A file of a reply; its bytes are in the {@link nl.naadloos.platform.BlobStore} under {@code sha256}.
	 */
	record OutboundFile(String fileName, String contentType, long size, String sha256) {
	}

}
