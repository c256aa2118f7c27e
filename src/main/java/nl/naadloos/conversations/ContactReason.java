package nl.naadloos.conversations;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Persistable;

/**
 * One entry of the admin-configurable taxonomy of why customers get in touch ("Delivery", with
 * "Late delivery" below it). Conversations refer to it by its key. Switched off rather than deleted.
 */
@Entity
@Table(name = "contact_reasons")
class ContactReason implements Persistable<String> {

	@Id
	@Column(name = "reason_key")
	private String key;

	private String name;

	private @Nullable String nameNl;

	private @Nullable String parentKey;

	private boolean active;

	private int position;

	private Instant createdAt;

	private Instant updatedAt;

	@Transient
	private boolean fresh = true;

	protected ContactReason() {
		this.key = "";
		this.name = "";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	ContactReason(String key, String name, @Nullable String nameNl, @Nullable String parentKey, int position,
			Instant now) {
		this.key = key;
		this.name = name.strip();
		this.nameNl = blankToNull(nameNl);
		this.parentKey = parentKey;
		this.active = true;
		this.position = position;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void change(String name, @Nullable String nameNl, @Nullable String parentKey, boolean active, int position,
			Instant now) {
		this.name = name.strip();
		this.nameNl = blankToNull(nameNl);
		this.parentKey = parentKey;
		this.active = active;
		this.position = position;
		this.updatedAt = now;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	String key() {
		return this.key;
	}

	String name() {
		return this.name;
	}

	@Nullable String nameNl() {
		return this.nameNl;
	}

	@Nullable String parentKey() {
		return this.parentKey;
	}

	boolean isActive() {
		return this.active;
	}

	int position() {
		return this.position;
	}

	@Override
	public String getId() {
		return this.key;
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
