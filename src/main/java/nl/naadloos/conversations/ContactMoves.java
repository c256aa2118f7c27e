package nl.naadloos.conversations;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Which conversations a contact merge moved, so that an un-merge moves exactly those back. */
interface ContactMoves extends Repository<Conversation, UUID> {

	@Modifying
	@Query(value = "insert into conversation_contact_moves (merge_id, conversation_id, from_contact_id) values (?1, ?2, ?3)",
			nativeQuery = true)
	void record(UUID mergeId, UUID conversationId, UUID fromContactId);

	@Query(value = "select conversation_id from conversation_contact_moves where merge_id = ?1", nativeQuery = true)
	List<UUID> movedBy(UUID mergeId);

	@Modifying
	@Query(value = "delete from conversation_contact_moves where merge_id = ?1", nativeQuery = true)
	void forget(UUID mergeId);

}
