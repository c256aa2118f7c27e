package nl.naadloos.conversations;

import java.util.List;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

interface ContactMoves extends CrudRepository<ContactMove, ContactMove.Key> {

	List<ContactMove> findByKeyMergeId(UUID mergeId);

}
