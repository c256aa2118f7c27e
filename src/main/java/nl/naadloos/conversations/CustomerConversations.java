package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.Channel;

/**
 * What a customer may see of their own conversations, for channels that show history to the customer
 * themselves (the chat widget now, the portal later): their messages and the answers to them, never
 * internal notes, events or automatic acknowledgements, and of agents only their name.
 */
public interface CustomerConversations {

	/**
	 * The customer's conversations, the most recently active first.
	 * @param contactId the contact
	 * @param onlyWithIdentity when given, only conversations in which this identity wrote (an anonymous
	 * visitor sees what they wrote from this browser, not everything of a contact an agent merged them into)
	 */
	List<Summary> conversations(UUID contactId, @Nullable UUID onlyWithIdentity, int limit);

	/** The conversation with this number, if it is one of {@link #conversations} with the same arguments. */
	Optional<Summary> conversation(long number, UUID contactId, @Nullable UUID onlyWithIdentity);

	Optional<Summary> conversation(UUID conversationId);

	/** The customer-visible messages of a conversation, oldest first; the latest {@code limit} of them. */
	List<CustomerMessage> messages(UUID conversationId, int limit);

	Optional<CustomerMessage> message(UUID messageId);

	/** A file of a customer-visible message. */
	Optional<CustomerFile> file(UUID attachmentId);

	/** The customer has seen the replies of the conversation up to this one: they become read. */
	void readByCustomer(UUID conversationId, UUID upToMessageId);

	/** The customer's latest message that an agent has seen (had on screen, or answered after), if any. */
	Optional<UUID> seenByAgentUpTo(UUID conversationId);

	/** The customer is typing (shown to agents who have the conversation open). */
	void customerTyping(UUID conversationId);

	/** Records something the customer did, as an event in the conversation's timeline. */
	void recordEvent(UUID conversationId, String text);

	/**
	 * Replies on {@code channel} written by an agent that the customer has not read, created in the
	 * window, oldest first.
	 */
	List<UnreadReply> unreadReplies(Channel channel, Instant createdAfter, Instant createdBefore, int limit);

	/**
	 * Sends these replies (of one conversation) once more, together, through another channel account,
	 * as a reply of the agent who wrote the last of them; the timeline says why.
	 * @return the new reply
	 */
	UUID resend(List<UUID> replyIds, UUID channelAccountId, String why);

	/**
	 * @param preview the start of the latest customer-visible message
	 */
	record Summary(UUID id, long number, UUID contactId, @Nullable String subject, ConversationStatus status,
			Instant lastActivityAt, @Nullable Instant lastCustomerMessageAt, List<Channel> channels,
			@Nullable String preview) {
	}

	/**
	 * @param fromCustomer written by the customer, else an answer to them
	 * @param agentName who answered ({@code null} for the customer's own messages and automatic answers)
	 * @param providerMessageId the channel's id of the message (for the chat: the visitor's and the client id)
	 * @param status delivery of an answer; {@code null} for the customer's own messages
	 */
	record CustomerMessage(UUID id, UUID conversationId, long conversationNumber, boolean fromCustomer,
			@Nullable String agentName, @Nullable String text, Instant at, @Nullable Channel channel,
			@Nullable UUID channelAccountId, @Nullable UUID identityId, @Nullable String providerMessageId,
			@Nullable DeliveryStatus status, List<CustomerFile> files) {
	}

	/** A file; its bytes are in the blob store under {@code sha256}. */
	record CustomerFile(UUID id, UUID messageId, UUID conversationId, String name, String contentType, long size,
			String sha256) {
	}

	record UnreadReply(UUID messageId, UUID conversationId, UUID contactId, UUID channelAccountId, Instant createdAt) {
	}

}
