package nl.naadloos.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import nl.naadloos.platform.ApiProperties;
import nl.naadloos.platform.ProblemWriter;

/**
 * {@code Idempotency-Key} support for POST requests to the API (IETF draft
 * "The Idempotency-Key HTTP Header Field"). The first request with a key is executed and its answer
 * remembered per caller; a retry with the same key and the same body gets that answer again (marked
 * {@code Idempotent-Replayed: true}); the same key with another body is refused with 422; a retry
 * while the first is still running gets 409. Server errors are not remembered, so they can be retried.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private final IdempotencyRecords records;

	private final TransactionTemplate tx;

	private final ProblemWriter problems;

	private final ApiProperties properties;

	private final Clock clock;

	IdempotencyFilter(IdempotencyRecords records, TransactionTemplate tx, ProblemWriter problems,
			ApiProperties properties, Clock clock) {
		this.records = records;
		this.tx = tx;
		this.problems = problems;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER).trim();
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
			this.problems.write(response, ProblemWriter.problem(HttpStatus.BAD_REQUEST, "invalid-idempotency-key",
					"Invalid Idempotency-Key", "The Idempotency-Key must be 1 to 255 visible ASCII characters."));
			return;
		}
		byte[] body = request.getInputStream().readAllBytes();
		String hash = hash(request, body);
		String principal = principal();
		Optional<IdempotencyRecord> previous = claim(principal, key, hash);
		if (previous.isPresent()) {
			answerFromPrevious(previous.get(), hash, response);
			return;
		}
		ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
		boolean remembered = false;
		try {
			chain.doFilter(new ReplayableRequest(request, body), wrapper);
			if (wrapper.getStatus() < 500) {
				String responseBody = new String(wrapper.getContentAsByteArray(), StandardCharsets.UTF_8);
				this.tx.executeWithoutResult(status -> this.records.findByPrincipalAndKey(principal, key)
					.ifPresent(record -> record.complete(wrapper.getStatus(), wrapper.getContentType(),
							wrapper.getHeader("Location"), responseBody)));
				remembered = true;
			}
		}
		finally {
			if (!remembered) {
				this.tx.executeWithoutResult(status -> this.records.findByPrincipalAndKey(principal, key)
					.ifPresent(this.records::delete));
			}
			wrapper.copyBodyToResponse();
		}
	}

	/** Claims the key for this request, or returns what an earlier request with the key left. */
	private Optional<IdempotencyRecord> claim(String principal, String key, String hash) {
		Instant now = this.clock.instant();
		for (int attempt = 0; attempt < 3; attempt++) {
			Optional<IdempotencyRecord> existing = this.tx
				.execute(status -> this.records.findByPrincipalAndKey(principal, key));
			if (existing != null && existing.isPresent()) {
				IdempotencyRecord record = existing.get();
				if (record.createdAt().isAfter(now.minus(this.properties.idempotencyRetention()))) {
					return existing;
				}
				this.tx.executeWithoutResult(status -> this.records.deleteById(record.id()));
			}
			try {
				this.tx.executeWithoutResult(
						status -> this.records.save(new IdempotencyRecord(principal, key, hash, now)));
				return Optional.empty();
			}
			catch (DataIntegrityViolationException concurrentClaim) {
				// Another request with the same key claimed it a moment ago: look again.
			}
		}
		throw new IllegalStateException("Could not claim idempotency key");
	}

	private void answerFromPrevious(IdempotencyRecord record, String hash, HttpServletResponse response)
			throws IOException {
		if (!record.matches(hash)) {
			this.problems.write(response, ProblemWriter.problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
					"Idempotency-Key reused",
					"This Idempotency-Key was already used for a different request. Use a new key for a new request."));
			return;
		}
		if (!record.isCompleted()) {
			this.problems.write(response, ProblemWriter.problem(HttpStatus.CONFLICT, "idempotency-key-in-progress",
					"Request in progress",
					"A request with this Idempotency-Key is still being processed. Retry in a moment."));
			return;
		}
		response.setStatus(record.responseStatus());
		if (record.responseContentType() != null) {
			response.setContentType(record.responseContentType());
		}
		if (record.responseLocation() != null) {
			response.setHeader("Location", record.responseLocation());
		}
		response.setHeader("Idempotent-Replayed", "true");
		byte[] body = record.responseBody().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private static String principal() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication == null || !authentication.isAuthenticated() ? "anonymous" : authentication.getName();
	}

	private static String hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class ReplayableRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReplayableRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new IllegalStateException("Asynchronous reads are not supported");
				}
			};
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding() != null ? getCharacterEncoding() : "UTF-8";
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
		}

	}

}
