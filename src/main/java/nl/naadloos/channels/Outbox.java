package nl.naadloos.channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface Outbox extends CrudRepository<OutboxEntry, UUID> {

	Optional<OutboxEntry> findByMessageId(UUID messageId);

	/** Pending entries that are due, and sending ones whose lease ran out (their node died). */
	@Query("""
			select e.id from OutboxEntry e
			where e.status in (nl.naadloos.channels.OutboxEntry.Status.PENDING, nl.naadloos.channels.OutboxEntry.Status.SENDING)
			  and e.nextAttemptAt <= ?1
			order by e.nextAttemptAt""")
	List<UUID> due(Instant now, Limit limit);

	/**
	 * Claims an entry for one worker until {@code leaseUntil}: exactly one of several nodes gets 1 back.
	 */
	@Modifying
	@Query("""
			update OutboxEntry e set e.status = nl.naadloos.channels.OutboxEntry.Status.SENDING, e.nextAttemptAt = ?3
			where e.id = ?1 and e.nextAttemptAt <= ?2
			  and e.status in (nl.naadloos.channels.OutboxEntry.Status.PENDING, nl.naadloos.channels.OutboxEntry.Status.SENDING)""")
	int claim(UUID id, Instant now, Instant leaseUntil);

}
