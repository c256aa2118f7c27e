package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nl.naadloos.contacts.SenderHints;
import nl.naadloos.platform.Channel;

/**
 * An inbound message as every channel adapter hands it over, after verifying and storing the raw
 * event: normalised enough to thread it, whatever the channel.
 *
 * @param channel the channel it came in on
 * @param channelAccountId the channel account that received it
 * @param sender who sent it, as the channel saw it
 * @param providerMessageId the provider's id, unique per channel account; a second delivery with the
 * same id is a no-op
 * @param subject a subject line, when the channel has one
 * @param text plain text
 * @param html sanitised HTML, when the channel sends HTML
 * @param sentAt when the customer sent it, as the provider says
 * @param replyToProviderMessageId the provider id of the message this one answers (provider reply
 * context, email In-Reply-To), when known
 * @param attachments files that came with it, already in the blob store
 * @param conversationNumber a conversation number the message names (such as {@code [#1042]} in an e-mail
 * subject): after the reply reference, it picks the conversation, if it is the sender's and not closed
 * @param automated sent by a machine (an out-of-office reply, a bounce, a mailing): recorded in the
 * conversation it refers to, but it never reopens solved work nor counts as the customer's message
 */
public record InboundEnvelope(Channel channel, UUID channelAccountId, SenderHints sender, String providerMessageId,
		@Nullable String subject, @Nullable String text, @Nullable String html, Instant sentAt,
		@Nullable String replyToProviderMessageId, List<InboundAttachment> attachments,
		@Nullable Long conversationNumber, boolean automated) {

	public InboundEnvelope {
		attachments = List.copyOf(attachments);
	}

	/** A text message a person sent, with no files and no conversation number. */
	public InboundEnvelope(Channel channel, UUID channelAccountId, SenderHints sender, String providerMessageId,
			@Nullable String subject, @Nullable String text, @Nullable String html, Instant sentAt,
			@Nullable String replyToProviderMessageId) {
		this(channel, channelAccountId, sender, providerMessageId, subject, text, html, sentAt, replyToProviderMessageId,
				List.of(), null, false);
	}

}
