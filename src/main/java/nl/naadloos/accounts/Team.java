package nl.naadloos.accounts;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/** A group of agents that shares work, such as "Klantenservice" or "Webshop support". */
@Entity
@Table(name = "teams")
class Team {

	@Id
	private UUID id;

	private String name;

	private @Nullable String description;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	protected Team() {
		this.id = UUID.randomUUID();
		this.name = "";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	Team(String name, @Nullable String description, Instant now) {
		this.id = UUID.randomUUID();
		this.name = name.strip();
		this.description = blankToNull(description);
		this.createdAt = now;
		this.updatedAt = now;
	}

	void update(String name, @Nullable String description, Instant now) {
		this.name = name.strip();
		this.description = blankToNull(description);
		this.updatedAt = now;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	@Nullable String description() {
		return this.description;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

}
