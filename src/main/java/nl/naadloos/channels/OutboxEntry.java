package nl.naadloos.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.AssignedIdEntity;

/** A reply waiting to be delivered through its channel account, with its attempts so far. */
@Entity
@Table(name = "outbox")
class OutboxEntry extends AssignedIdEntity {

	enum Status {

		PENDING, SENDING, SENT, FAILED

	}

	@Id
	private UUID id;

	private UUID messageId;

	private UUID channelAccountId;

	@Enumerated(EnumType.STRING)
	private Status status;

	private int attempts;

	private Instant nextAttemptAt;

	private @Nullable String lastError;

	private Instant createdAt;

	private @Nullable Instant completedAt;

	protected OutboxEntry() {
		this.id = UUID.randomUUID();
		this.messageId = UUID.randomUUID();
		this.channelAccountId = UUID.randomUUID();
		this.status = Status.PENDING;
		this.nextAttemptAt = Instant.EPOCH;
		this.createdAt = Instant.EPOCH;
	}

	OutboxEntry(UUID messageId, UUID channelAccountId, Instant now) {
		this.id = UUID.randomUUID();
		this.messageId = messageId;
		this.channelAccountId = channelAccountId;
		this.status = Status.PENDING;
		this.nextAttemptAt = now;
		this.createdAt = now;
	}

	void sent(Instant now) {
		this.status = Status.SENT;
		this.attempts++;
		this.lastError = null;
		this.completedAt = now;
	}

	/** A failed attempt: retried after {@code retryIn}, or failed for good when that is {@code null}. */
	void attemptFailed(String error, @Nullable Duration retryIn, Instant now) {
		this.attempts++;
		this.lastError = error.length() > 2000 ? error.substring(0, 2000) : error;
		if (retryIn == null) {
			this.status = Status.FAILED;
			this.completedAt = now;
		}
		else {
			this.status = Status.PENDING;
			this.nextAttemptAt = now.plus(retryIn);
		}
	}

	UUID id() {
		return this.id;
	}

	UUID messageId() {
		return this.messageId;
	}

	UUID channelAccountId() {
		return this.channelAccountId;
	}

	Status status() {
		return this.status;
	}

	int attempts() {
		return this.attempts;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
