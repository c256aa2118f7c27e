package nl.naadloos.channels;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

import nl.naadloos.conversations.InboundResult;

import nl.naadloos.platform.AssignedIdEntity;

/**
 * An inbound event exactly as the provider sent it, stored before it is acknowledged. It is processed
 * into contact, conversation and message afterwards, and again after a crash, until it succeeds.
 */
@Entity
@Table(name = "inbound_events")
@DynamicUpdate // marking it processed must not rewrite the payload
class InboundEvent extends AssignedIdEntity {

	static final int MAX_ATTEMPTS = 10;

	@Id
	private UUID id;

	private UUID channelAccountId;

	private String providerId;

	private String payload;

	/** The sender as the channel names it; events with the same key are processed in order. */
	private @Nullable String orderKey;

	private Instant receivedAt;

	private @Nullable Instant processedAt;

	private int attempts;

	private @Nullable String lastError;

	private @Nullable UUID conversationId;

	private @Nullable UUID messageId;

	private @Nullable UUID contactId;

	private @Nullable Long conversationNumber;

	protected InboundEvent() {
		this.id = UUID.randomUUID();
		this.channelAccountId = UUID.randomUUID();
		this.providerId = "";
		this.payload = "";
		this.receivedAt = Instant.EPOCH;
	}

	InboundEvent(UUID channelAccountId, String providerId, String payload, Instant now) {
		this.id = UUID.randomUUID();
		this.channelAccountId = channelAccountId;
		this.providerId = providerId;
		this.payload = payload;
		this.receivedAt = now;
	}

	void processed(InboundResult result, Instant now) {
		this.processedAt = now;
		this.attempts++;
		this.lastError = null;
		this.conversationId = result.conversationId();
		this.conversationNumber = result.conversationNumber();
		this.messageId = result.messageId();
		this.contactId = result.contactId();
	}

	void failed(String error) {
		this.attempts++;
		this.lastError = error.length() > 2000 ? error.substring(0, 2000) : error;
	}

	boolean isProcessed() {
		return this.processedAt != null;
	}

	@Nullable InboundResult result() {
		if (this.processedAt == null || this.conversationId == null || this.messageId == null || this.contactId == null) {
			return null;
		}
		return new InboundResult(this.conversationId, this.conversationNumber == null ? 0 : this.conversationNumber,
				this.messageId, this.contactId, false);
	}

	UUID id() {
		return this.id;
	}

	UUID channelAccountId() {
		return this.channelAccountId;
	}

	String providerId() {
		return this.providerId;
	}

	String payload() {
		return this.payload;
	}

	Instant receivedAt() {
		return this.receivedAt;
	}

	int attempts() {
		return this.attempts;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
