package nl.naadloos.channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface InboundEvents extends CrudRepository<InboundEvent, UUID> {

	Optional<InboundEvent> findByChannelAccountIdAndProviderId(UUID channelAccountId, String providerId);

	/** Unprocessed events received after {@code after} and before {@code cutoff}, oldest first. */
	@Query("""
			select new nl.naadloos.channels.InboundEvents$Pending(e.id, e.orderKey, e.receivedAt) from InboundEvent e
			where e.processedAt is null and e.receivedAt > ?1 and e.receivedAt < ?2 and e.attempts < ?3
			order by e.receivedAt""")
	List<Pending> unprocessed(Instant after, Instant cutoff, int maxAttempts, Limit limit);

	/**
	 * An event waiting to be processed.
	 * @param id the event
	 * @param orderKey its sender, when the channel named one
	 * @param receivedAt when it was stored
	 */
	record Pending(UUID id, @Nullable String orderKey, Instant receivedAt) {
	}

}
