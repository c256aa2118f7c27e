package nl.naadloos.conversations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Modifying;
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

	@Query("select c from Conversation c where c.contactId = :contactId order by c.lastActivityAt desc, c.id desc")
	List<Conversation> ofContact(UUID contactId, Limit limit);

	/** Conversations in which this identity wrote (moved along when conversations are merged). */
	@Query("""
			select c from Conversation c where c.id in (select m.conversationId from Message m where m.identityId = :identityId)
			order by c.lastActivityAt desc, c.id desc""")
	List<Conversation> withIdentity(UUID identityId, Limit limit);

	/** An agent had the conversation on screen; only ever moves forward. */
	@Modifying
	@Query(nativeQuery = true, value = """
			update conversations set agent_seen_at = :at
			where id = :id and (agent_seen_at is null or agent_seen_at < :at)""")
	int seen(UUID id, Instant at);

}
