package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

import nl.naadloos.platform.Channel;

interface Conversations extends CrudRepository<Conversation, UUID>, ConversationLists {

	/** The contact's most recently active conversation, closed or not. */
	Optional<Conversation> findFirstByContactIdOrderByLastActivityAtDesc(UUID contactId);

	@Query("""
			select c from Conversation c
			where c.contactId = :contactId and c.status <> nl.naadloos.conversations.ConversationStatus.CLOSED
			order by c.lastActivityAt desc""")
	List<Conversation> openOfContact(UUID contactId, Limit limit);

	List<Conversation> findByContactId(UUID contactId);

	Optional<Conversation> findByNumber(long number);


}
