package nl.naadloos.platform;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST API.
 *
 * @param maxRequestSize largest request body accepted under {@code /api/}; larger ones get 413
 * @param maxUploadSize largest {@code multipart/form-data} request under {@code /api/} (files of a reply)
 * @param idempotencyRetention how long an {@code Idempotency-Key} is remembered
 */
@ConfigurationProperties("naadloos.api")
public record ApiProperties(DataSize maxRequestSize, DataSize maxUploadSize, Duration idempotencyRetention) {

	public ApiProperties {
		if (maxRequestSize == null) {
			maxRequestSize = DataSize.ofMegabytes(1);
		}
		if (maxUploadSize == null) {
			maxUploadSize = DataSize.ofMegabytes(26);
		}
		if (idempotencyRetention == null) {
			idempotencyRetention = Duration.ofHours(24);
		}
	}

}
