package nl.naadloos.platform;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Base of every failure a caller of the API can act on. Each module declares one named subclass per
 * failure (for example {@code AgentEmailTaken}); the platform turns it into an RFC 9457 problem
 * detail whose {@code type} is {@code https://naadloos.nl/problems/<type>}.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	protected ProblemException(HttpStatus status, String type, String title, String detail) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	/** Extra members added to the problem detail, e.g. the id of a conflicting resource. */
	public Map<String, Object> properties() {
		return Map.of();
	}

}
