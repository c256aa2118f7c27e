package nl.naadloos.channels;

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
	}

	void failed(String error, Instant now) {
		this.connected = false;
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
