package nl.naadloos.platform.web;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * What the API answered to a creating POST that carried an {@code Idempotency-Key}, so that a retry
 * with the same key and body gets the same answer instead of creating something twice.
 */
@Entity
@Table(name = "idempotency_records")
class IdempotencyRecord {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private @Nullable Long id;

	private String principal;

	@Column(name = "idem_key")
	private String key;

	private String requestHash;

	private boolean completed;

	private @Nullable Integer responseStatus;

	private @Nullable String responseContentType;

	private @Nullable String responseLocation;

	private @Nullable String responseBody;

	private Instant createdAt;

	protected IdempotencyRecord() {
		this.principal = "";
		this.key = "";
		this.requestHash = "";
		this.createdAt = Instant.EPOCH;
	}

	IdempotencyRecord(String principal, String key, String requestHash, Instant createdAt) {
		this.principal = principal;
		this.key = key;
		this.requestHash = requestHash;
		this.createdAt = createdAt;
	}

	void complete(int status, @Nullable String contentType, @Nullable String location, String body) {
		this.completed = true;
		this.responseStatus = status;
		this.responseContentType = contentType;
		this.responseLocation = location;
		this.responseBody = body;
	}

	boolean matches(String hash) {
		return this.requestHash.equals(hash);
	}

	boolean isCompleted() {
		return this.completed;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	@Nullable Long id() {
		return this.id;
	}

	int responseStatus() {
		return this.responseStatus == null ? 200 : this.responseStatus;
	}

	@Nullable String responseContentType() {
		return this.responseContentType;
	}

	@Nullable String responseLocation() {
		return this.responseLocation;
	}

	String responseBody() {
		return this.responseBody == null ? "" : this.responseBody;
	}

}
