package nl.naadloos.conversations;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.AssignedIdEntity;

/** A file of a message; its bytes are in the blob store under {@link #sha256()}. */
@Entity
@Table(name = "message_attachments")
class MessageAttachment extends AssignedIdEntity {

	@Id
	private UUID id;

	private UUID messageId;

	private String fileName;

	private String contentType;

	@Column(name = "size_bytes")
	private long size;

	private String sha256;

	/** The Content-ID of an e-mail part, which its HTML refers to as {@code cid:…}. */
	private @Nullable String contentId;

	/** Shown in place in the message's HTML (an inline image), not only listed as a file. */
	private boolean inline;

	private Instant createdAt;

	protected MessageAttachment() {
		this.id = UUID.randomUUID();
		this.messageId = UUID.randomUUID();
		this.fileName = "";
		this.contentType = "";
		this.sha256 = "";
		this.createdAt = Instant.EPOCH;
	}

	MessageAttachment(UUID messageId, InboundAttachment file, Instant now) {
		this.id = UUID.randomUUID();
		this.messageId = messageId;
		this.fileName = file.fileName();
		this.contentType = file.contentType();
		this.size = file.size();
		this.sha256 = file.sha256();
		this.contentId = file.contentId();
		this.inline = file.inline();
		this.createdAt = now;
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	UUID id() {
		return this.id;
	}

	UUID messageId() {
		return this.messageId;
	}

	String fileName() {
		return this.fileName;
	}

	String contentType() {
		return this.contentType;
	}

	long size() {
		return this.size;
	}

	String sha256() {
		return this.sha256;
	}

	@Nullable String contentId() {
		return this.contentId;
	}

	boolean inline() {
		return this.inline;
	}

}
