package nl.naadloos.channels;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import nl.naadloos.platform.Channel;

/**
 * One configured connection of a channel: a mailbox, a WhatsApp number, an API integration. Its
 * settings are stored as JSON with every secret in them encrypted.
 */
@Entity
@Table(name = "channel_accounts")
class ChannelAccount {

	@Id
	private UUID id;

	@Enumerated(EnumType.STRING)
	private Channel kind;

	private String name;

	private String settings;

	private boolean active;

	private Instant createdAt;

	private Instant updatedAt;

	@Version
	private long version;

	protected ChannelAccount() {
		this.id = UUID.randomUUID();
		this.kind = Channel.API;
		this.name = "";
		this.settings = "{}";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	ChannelAccount(Channel kind, String name, String settings, Instant now) {
		this.id = UUID.randomUUID();
		this.kind = kind;
		this.name = name.strip();
		this.settings = settings;
		this.active = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	void update(String name, String settings, boolean active, Instant now) {
		this.name = name.strip();
		this.settings = settings;
		this.active = active;
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	Channel kind() {
		return this.kind;
	}

	String name() {
		return this.name;
	}

	String settings() {
		return this.settings;
	}

	boolean isActive() {
		return this.active;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

}
