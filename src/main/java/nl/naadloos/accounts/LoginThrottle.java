package nl.naadloos.accounts;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * Failed logins for one e-mail address. After {@link #FREE_ATTEMPTS} failures in a row the address is
 * locked, first for one minute, doubling with every further failure up to {@link #MAX_LOCK}.
 */
@Entity
@Table(name = "login_throttle")
class LoginThrottle {

	static final int FREE_ATTEMPTS = 5;

	static final Duration MAX_LOCK = Duration.ofMinutes(30);

	/** A streak of failures is forgotten after this long without a new one. */
	static final Duration FORGET_AFTER = Duration.ofHours(1);

	@Id
	private String emailKey;

	private int failures;

	private Instant lastFailureAt;

	private @Nullable Instant lockedUntil;

	protected LoginThrottle() {
		this.emailKey = "";
		this.lastFailureAt = Instant.EPOCH;
	}

	LoginThrottle(String emailKey) {
		this.emailKey = emailKey;
		this.lastFailureAt = Instant.EPOCH;
	}

	boolean isLocked(Instant now) {
		return this.lockedUntil != null && this.lockedUntil.isAfter(now);
	}

	void recordFailure(Instant now) {
		if (this.lastFailureAt.plus(FORGET_AFTER).isBefore(now)) {
			this.failures = 0;
		}
		this.failures++;
		this.lastFailureAt = now;
		if (this.failures >= FREE_ATTEMPTS) {
			int doublings = Math.min(this.failures - FREE_ATTEMPTS, 10);
			Duration lock = Duration.ofMinutes(1L << doublings);
			this.lockedUntil = now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
		}
	}

	@Nullable Instant lockedUntil() {
		return this.lockedUntil;
	}

}
