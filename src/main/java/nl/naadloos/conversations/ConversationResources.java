package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Conversations and messages as the API shows them. */
final class ConversationResources {

	private ConversationResources() {
	}

	record ConversationResource(UUID id, long number, UUID contactId, @Nullable String subject, String status,
			String priority, @Nullable UUID ownerAgentId, @Nullable UUID teamId, @Nullable String contactReason,
			@Nullable String severity, List<String> tags, List<String> channels, @Nullable String latestInboundChannel,
			@Nullable UUID latestInboundChannelAccountId, @Nullable UUID previousConversationId, Instant createdAt,
			@Nullable Instant firstResponseAt, @Nullable Instant lastCustomerMessageAt,
			@Nullable Instant lastAgentMessageAt, @Nullable Instant solvedAt, @Nullable Instant closedAt,
			Instant lastActivityAt, int reopenCount) {

		static ConversationResource of(Conversation c) {
			return new ConversationResource(c.id(), c.number(), c.contactId(), c.subject(), c.status().key(),
					c.priority().key(), c.ownerAgentId(), c.teamId(), c.contactReason(), c.severity(), c.tags(),
					c.channels().stream().map(nl.naadloos.platform.Channel::key).toList(),
					c.latestInboundChannel() == null ? null : c.latestInboundChannel().key(), c.latestInboundAccountId(),
					c.previousConversationId(), c.createdAt(), c.firstResponseAt(), c.lastCustomerMessageAt(),
					c.lastAgentMessageAt(), c.solvedAt(), c.closedAt(), c.lastActivityAt(), c.reopenCount());
		}

	}

	record MessageResource(UUID id, UUID conversationId, String direction, @Nullable String channel,
			@Nullable UUID channelAccountId, @Nullable UUID identityId, String authorType, @Nullable UUID authorAgentId,
			@Nullable String text, @Nullable String html, @Nullable String providerMessageId,
			@Nullable String deliveryStatus, @Nullable String failureReason, Instant createdAt, @Nullable Instant sentAt,
			List<AttachmentResource> attachments) {

		/** A message that has no files (a reply or note just written). */
		static MessageResource of(Message m) {
			return of(m, List.of());
		}

		static MessageResource of(Message m, List<MessageAttachment> files) {
			return new MessageResource(m.id(), m.conversationId(), m.direction().name().toLowerCase(java.util.Locale.ROOT),
					m.channel() == null ? null : m.channel().key(), m.channelAccountId(), m.identityId(),
					m.authorType().name().toLowerCase(java.util.Locale.ROOT), m.authorAgentId(), m.text(), m.html(),
					m.providerMessageId(), m.deliveryStatus() == null ? null : m.deliveryStatus().key(),
					m.failureReason(), m.createdAt(), m.sentAt(),
					files.stream().map(file -> AttachmentResource.of(m, file)).toList());
		}

	}

	/**
	 * A file of a message.
	 * @param id the attachment
	 * @param fileName its name
	 * @param contentType its media type as the sender gave it
	 * @param size bytes
	 * @param url where to download it (with the same token)
	 */
	record AttachmentResource(UUID id, String fileName, String contentType, long size, String url) {

		static AttachmentResource of(Message message, MessageAttachment file) {
			return new AttachmentResource(file.id(), file.fileName(), file.contentType(), file.size(), "/api/v1/conversations/"
					+ message.conversationId() + "/messages/" + message.id() + "/attachments/" + file.id());
		}

	}

}
