package nl.naadloos.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface MergeSuggestions extends JpaRepository<MergeSuggestion, UUID> {

	Optional<MergeSuggestion> findByOpenPair(String openPair);

	default Optional<MergeSuggestion> findOpen(UUID one, UUID other) {
		return findByOpenPair(MergeSuggestion.pair(one, other));
	}

	@Query("""
			select s from MergeSuggestion s
			where s.status = :status
			  and (:contactId is null or s.contactId = :contactId or s.otherContactId = :contactId)
			order by s.createdAt desc, s.id desc""")
	List<MergeSuggestion> firstPage(MergeSuggestion.Status status, @Nullable UUID contactId, Limit limit);

	@Query("""
			select s from MergeSuggestion s
			where s.status = :status
			  and (:contactId is null or s.contactId = :contactId or s.otherContactId = :contactId)
			  and (s.createdAt < :createdAt or (s.createdAt = :createdAt and s.id < :id))
			order by s.createdAt desc, s.id desc""")
	List<MergeSuggestion> pageAfter(MergeSuggestion.Status status, @Nullable UUID contactId, Instant createdAt,
			UUID id, Limit limit);

	@Modifying
	@Query("delete from MergeSuggestion s where s.contactId = :contactId or s.otherContactId = :contactId")
	int deleteInvolving(UUID contactId);

}
