package nl.naadloos.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/** How far a mailbox has been read, and whether the last attempt worked. */
@Entity
@Table(name = "mailbox_sync")
class MailboxSync implements Persistable<UUID> {

	@Id
	private UUID channelAccountId;

	private @Nullable Long uidValidity;

	private long lastUid;

	private boolean connected;

	private @Nullable Instant lastSyncAt;

	private @Nullable String lastError;

	private @Nullable Instant lastErrorAt;

	private int failures;

	@Transient
	private boolean fresh = true;

	protected MailboxSync() {
		this.channelAccountId = UUID.randomUUID();
	}

	MailboxSync(UUID channelAccountId) {
		this.channelAccountId = channelAccountId;
	}

	/** Starts over when the folder's UIDVALIDITY changed: its UIDs mean other mails now. */
	long lastUidFor(long validity) {
		if (this.uidValidity == null || this.uidValidity != validity) {
			this.uidValidity = validity;
			this.lastUid = 0;
		}
		return this.lastUid;
	}

	void took(long uid) {
		this.lastUid = Math.max(this.lastUid, uid);
	}

	void synced(Instant now) {
		this.connected = true;
		this.lastSyncAt = now;
		this.lastError = null;
		this.failures = 0;
	}

	void failed(String error, Instant now) {
		this.connected = false;
		this.failures++;
		this.lastError = error.length() > 2000 ? error.substring(0, 2000) : error;
		this.lastErrorAt = now;
	}

	@Nullable Long uidValidity() {
		return this.uidValidity;
	}

	long lastUid() {
		return this.lastUid;
	}

	boolean connected() {
		return this.connected;
	}

	@Nullable Instant lastSyncAt() {
		return this.lastSyncAt;
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	@Nullable Instant lastErrorAt() {
		return this.lastErrorAt;
	}

	int failures() {
		return this.failures;
	}

	/**
	 * When a mailbox whose reads keep failing is tried again: the interval after the first failure, doubling
	 * with each further one up to {@code longest}; {@code null} when the last read worked.
	 */
	@Nullable Instant retryAt(Duration interval, Duration longest) {
		if (this.failures == 0 || this.lastErrorAt == null) {
			return null;
		}
		Duration wait = interval.multipliedBy(1L << Math.min(this.failures - 1, 20));
		return this.lastErrorAt.plus(wait.compareTo(longest) > 0 ? longest : wait);
	}

	@Override
	public UUID getId() {
		return this.channelAccountId;
	}

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	@PostLoad
	@PostPersist
	void markStored() {
		this.fresh = false;
	}

}
