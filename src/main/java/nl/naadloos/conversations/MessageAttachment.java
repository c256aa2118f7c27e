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

	/** What the file_name column takes. */
	static final int MAX_FILE_NAME = 255;

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
		this.fileName = fitting(file.fileName());
		this.contentType = file.contentType().length() > 200 || file.contentType().isBlank() ? "application/octet-stream"
				: file.contentType();
		this.size = file.size();
		this.sha256 = file.sha256();
		this.contentId = file.contentId();
		this.inline = file.inline();
		this.createdAt = now;
	}

	/**
	 * A name that fits its column: a longer one (a forwarded mail named after a long subject, say) is cut
	 * in the middle, keeping its extension; control characters are dropped.
	 */
	static String fitting(String name) {
		String clean = name.replaceAll("[\\x00-\\x1F\\x7F]", "");
		if (clean.length() <= MAX_FILE_NAME) {
			return clean.isBlank() ? "attachment" : clean;
		}
		int dot = clean.lastIndexOf('.');
		String extension = dot > 0 && clean.length() - dot <= 16 ? clean.substring(dot) : "";
		return clean.substring(0, MAX_FILE_NAME - extension.length() - 1) + "…" + extension;
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
