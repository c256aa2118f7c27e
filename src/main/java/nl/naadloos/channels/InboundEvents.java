package nl.naadloos.channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface InboundEvents extends CrudRepository<InboundEvent, UUID> {

	Optional<InboundEvent> findByChannelAccountIdAndProviderId(UUID channelAccountId, String providerId);

	@Query("""
			select e.id from InboundEvent e
			where e.processedAt is null and e.receivedAt < ?1 and e.attempts < ?2
			order by e.receivedAt""")
	List<UUID> unprocessedBefore(Instant cutoff, int maxAttempts, Limit limit);

}
