package nl.naadloos.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A personal API token. Only its SHA-256 hash is stored: the token itself is shown once, when it is
 * created. The prefix (first characters) lets the owner recognise it in the list.
 */
@Entity
@Table(name = "api_tokens")
class ApiToken {

	/** Last-used times are written at most this often, so that busy integrations do not write per call. */
	static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

	@Id
	private UUID id;

	@ManyToOne(fetch = FetchType.LAZY, optional = false)
	@JoinColumn(name = "agent_id")
	private Agent agent;

	private String name;

	private String tokenHash;

	private String tokenPrefix;

	private Instant createdAt;

	private @Nullable Instant lastUsedAt;

	private @Nullable Instant expiresAt;

	private @Nullable Instant revokedAt;

	protected ApiToken() {
		this.id = UUID.randomUUID();
		this.agent = new Agent();
		this.name = "";
		this.tokenHash = "";
		this.tokenPrefix = "";
		this.createdAt = Instant.EPOCH;
	}

	ApiToken(Agent agent, String name, TokenSecret secret, @Nullable Instant expiresAt, Instant now) {
		this.id = UUID.randomUUID();
		this.agent = agent;
		this.name = name.strip();
		this.tokenHash = secret.hash();
		this.tokenPrefix = secret.prefix();
		this.expiresAt = expiresAt;
		this.createdAt = now;
	}

	boolean isUsable(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now))
				&& this.agent.isActive();
	}

	/** Records a use; answers whether the stored time changed (and so needs saving). */
	boolean markUsed(Instant now) {
		if (this.lastUsedAt == null || this.lastUsedAt.plus(LAST_USED_PRECISION).isBefore(now)) {
			this.lastUsedAt = now;
			return true;
		}
		return false;
	}

	void revoke(Instant now) {
		if (this.revokedAt == null) {
			this.revokedAt = now;
		}
	}

	UUID id() {
		return this.id;
	}

	Agent agent() {
		return this.agent;
	}

	String name() {
		return this.name;
	}

	String prefix() {
		return this.tokenPrefix;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	@Nullable Instant lastUsedAt() {
		return this.lastUsedAt;
	}

	@Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	@Nullable Instant revokedAt() {
		return this.revokedAt;
	}

}
