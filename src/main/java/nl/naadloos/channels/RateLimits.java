package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in memory, per node: {@code capacity} at once, refilled evenly over {@code per}. Meant
 * for flood protection of public endpoints, where an exact count across nodes does not matter.
 */
final class RateLimits {

	private static final int MAX_KEYS = 200_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final Clock clock;

	RateLimits(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Takes one token.
	 * @return zero when allowed, else how long until one is free
	 */
	Duration take(String key, int capacity, Duration per) {
		long now = this.clock.millis();
		if (this.buckets.size() > MAX_KEYS) {
			forgetIdle(now);
		}
		double refillPerMilli = capacity / (double) per.toMillis();
		long[] wait = new long[1];
		this.buckets.compute(key, (k, bucket) -> {
			Bucket current = bucket == null ? new Bucket(capacity, now) : bucket.refilled(capacity, refillPerMilli, now);
			if (current.tokens >= 1) {
				return new Bucket(current.tokens - 1, now);
			}
			wait[0] = (long) Math.ceil((1 - current.tokens) / refillPerMilli);
			return current;
		});
		return Duration.ofMillis(wait[0]);
	}

	/** Drops buckets that have been full for a while (not used for a minute or more). */
	void forgetIdle(long now) {
		this.buckets.entrySet().removeIf(entry -> now - entry.getValue().at > 60_000 * 10);
	}

	private record Bucket(double tokens, long at) {

		Bucket refilled(int capacity, double perMilli, long now) {
			return new Bucket(Math.min(capacity, this.tokens + (now - this.at) * perMilli), now);
		}

	}

}
