package nl.naadloos.conversations;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.AssignedIdEntity;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.search.NaadloosAnalysisConfigurer;

/** One entry of a conversation: a customer message, a reply, an internal note or an event. */
@Entity
@Table(name = "messages")
@Indexed(index = "message")
class Message extends AssignedIdEntity {

	@Id
	private UUID id;

	@KeywordField
	private UUID conversationId;

	@Enumerated(EnumType.STRING)
	@KeywordField
	private MessageDirection direction;

	@Enumerated(EnumType.STRING)
	@KeywordField
	private @Nullable Channel channel;

	private @Nullable UUID channelAccountId;

	private @Nullable UUID identityId;

	@Enumerated(EnumType.STRING)
	private AuthorType authorType;

	private @Nullable UUID authorAgentId;

	@Column(name = "text_body")
	@FullTextField(analyzer = NaadloosAnalysisConfigurer.DUTCH, highlightable = Highlightable.ANY,
			projectable = Projectable.YES)
	@FullTextField(name = "text_en", analyzer = NaadloosAnalysisConfigurer.ENGLISH)
	private @Nullable String text;

	@Column(name = "html_body")
	private @Nullable String html;

	private @Nullable String providerMessageId;

	private @Nullable UUID replyToMessageId;

	/** Sent by a machine on the customer's side (an out-of-office, a bounce): never answered or quoted. */
	private boolean automated;

	@Enumerated(EnumType.STRING)
	private @Nullable DeliveryStatus deliveryStatus;

	private @Nullable String failureReason;

	@GenericField(sortable = Sortable.YES)
	private Instant createdAt;

	private @Nullable Instant sentAt;

	private @Nullable Instant statusChangedAt;

	@Version
	private long version;

	protected Message() {
		this.id = UUID.randomUUID();
		this.conversationId = UUID.randomUUID();
		this.direction = MessageDirection.EVENT;
		this.authorType = AuthorType.SYSTEM;
		this.createdAt = Instant.EPOCH;
	}

	private Message(UUID conversationId, MessageDirection direction, AuthorType authorType, @Nullable String text,
			Instant now) {
		this.id = UUID.randomUUID();
		this.conversationId = conversationId;
		this.direction = direction;
		this.authorType = authorType;
		this.text = text;
		this.createdAt = now;
	}

	static Message inbound(UUID conversationId, Channel channel, UUID channelAccountId, UUID identityId,
			String providerMessageId, @Nullable String text, @Nullable String html, Instant sentAt, boolean automated,
			Instant now) {
		Message message = new Message(conversationId, MessageDirection.INBOUND, AuthorType.CONTACT, text, now);
		message.automated = automated;
		message.channel = channel;
		message.channelAccountId = channelAccountId;
		message.identityId = identityId;
		message.providerMessageId = providerMessageId;
		message.html = html;
		message.sentAt = sentAt;
		return message;
	}

	static Message reply(UUID conversationId, Channel channel, UUID channelAccountId, @Nullable UUID identityId,
			UUID agentId, String text, @Nullable UUID replyToMessageId, Instant now) {
		Message message = new Message(conversationId, MessageDirection.OUTBOUND, AuthorType.AGENT, text, now);
		message.channel = channel;
		message.channelAccountId = channelAccountId;
		message.identityId = identityId;
		message.authorAgentId = agentId;
		message.replyToMessageId = replyToMessageId;
		message.deliveryStatus = DeliveryStatus.QUEUED;
		message.statusChangedAt = now;
		return message;
	}

	static Message note(UUID conversationId, UUID agentId, String text, Instant now) {
		Message message = new Message(conversationId, MessageDirection.NOTE, AuthorType.AGENT, text, now);
		message.authorAgentId = agentId;
		return message;
	}

	/** A message Naadloos sends by itself (an acknowledgement), answering an inbound one. */
	static Message automatic(UUID conversationId, Channel channel, UUID channelAccountId, @Nullable UUID identityId,
			String text, UUID replyToMessageId, Instant now) {
		Message message = new Message(conversationId, MessageDirection.OUTBOUND, AuthorType.SYSTEM, text, now);
		message.channel = channel;
		message.channelAccountId = channelAccountId;
		message.identityId = identityId;
		message.replyToMessageId = replyToMessageId;
		message.deliveryStatus = DeliveryStatus.QUEUED;
		message.statusChangedAt = now;
		return message;
	}

	static Message event(UUID conversationId, @Nullable UUID agentId, String text, Instant now) {
		Message message = new Message(conversationId, MessageDirection.EVENT,
				agentId == null ? AuthorType.SYSTEM : AuthorType.AGENT, text, now);
		message.authorAgentId = agentId;
		return message;
	}

	/**
	 * Applies a delivery report. Reports arrive late and out of order, so only progress is applied,
	 * and a failure after delivery is ignored.
	 * @return whether anything changed
	 */
	boolean recordDelivery(DeliveryStatus status, @Nullable String reason, @Nullable String providerMessageId,
			Instant now) {
		if (this.direction != MessageDirection.OUTBOUND || this.deliveryStatus == null
				|| !this.deliveryStatus.canMoveTo(status)) {
			return false;
		}
		this.deliveryStatus = status;
		this.failureReason = status == DeliveryStatus.FAILED ? reason : null;
		if (providerMessageId != null && this.providerMessageId == null) {
			this.providerMessageId = providerMessageId;
		}
		if (status == DeliveryStatus.SENT) {
			this.sentAt = now;
		}
		this.statusChangedAt = now;
		return true;
	}

	void moveTo(UUID conversationId) {
		this.conversationId = conversationId;
	}

	UUID id() {
		return this.id;
	}

	UUID conversationId() {
		return this.conversationId;
	}

	MessageDirection direction() {
		return this.direction;
	}

	@Nullable Channel channel() {
		return this.channel;
	}

	@Nullable UUID channelAccountId() {
		return this.channelAccountId;
	}

	@Nullable UUID identityId() {
		return this.identityId;
	}

	AuthorType authorType() {
		return this.authorType;
	}

	@Nullable UUID authorAgentId() {
		return this.authorAgentId;
	}

	@Nullable String text() {
		return this.text;
	}

	@Nullable String html() {
		return this.html;
	}

	@Nullable String providerMessageId() {
		return this.providerMessageId;
	}

	boolean automated() {
		return this.automated;
	}

	@Nullable UUID replyToMessageId() {
		return this.replyToMessageId;
	}

	@Nullable DeliveryStatus deliveryStatus() {
		return this.deliveryStatus;
	}

	@Nullable String failureReason() {
		return this.failureReason;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	@Nullable Instant sentAt() {
		return this.sentAt;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
