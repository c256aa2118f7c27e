package nl.naadloos.platform.web;

import java.time.Instant;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;
import org.springframework.transaction.annotation.Transactional;

interface IdempotencyRecords extends CrudRepository<IdempotencyRecord, Long> {

	Optional<IdempotencyRecord> findByPrincipalAndKey(String principal, String key);

	@Modifying
	@Transactional
	@Query("delete from IdempotencyRecord r where r.createdAt < ?1")
	int deleteCreatedBefore(Instant cutoff);

}
