package nl.naadloos.channels;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Delivery of replies.
 *
 * @param maxAttempts attempts before a reply is marked failed
 * @param initialBackoff wait after the first failed attempt; doubles with every further one
 * @param maxBackoff the longest wait between attempts
 * @param timeout how long one attempt may take
 */
@ConfigurationProperties("naadloos.channels.outbox")
record OutboxProperties(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {

	OutboxProperties {
		maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
		initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
		maxBackoff = maxBackoff == null ? Duration.ofMinutes(15) : maxBackoff;
		timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
	}

	Duration backoffAfter(int attempts) {
		Duration wait = this.initialBackoff.multipliedBy(1L << Math.min(attempts - 1, 20));
		return wait.compareTo(this.maxBackoff) > 0 ? this.maxBackoff : wait;
	}

}
