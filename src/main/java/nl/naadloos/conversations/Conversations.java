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

interface Conversations extends CrudRepository<Conversation, UUID> {

	/** The contact's most recently active conversation, closed or not. */
	Optional<Conversation> findFirstByContactIdOrderByLastActivityAtDesc(UUID contactId);

	@Query("""
			select c from Conversation c
			where c.contactId = :contactId and c.status <> nl.naadloos.conversations.ConversationStatus.CLOSED
			order by c.lastActivityAt desc""")
	List<Conversation> openOfContact(UUID contactId, Limit limit);

	List<Conversation> findByContactId(UUID contactId);

	@Query("""
			select distinct c from Conversation c left join c.tags t left join c.channels ch
			where (:status is null or c.status = :status)
			  and (:ownerId is null or c.ownerAgentId = :ownerId)
			  and (:teamId is null or c.teamId = :teamId)
			  and (:tag is null or t = :tag)
			  and (:channel is null or ch = :channel)
			  and (:contactReason is null or c.contactReason = :contactReason)
			  and (:contactId is null or c.contactId = :contactId)
			  and c.lastActivityAt >= :updatedSince
			  and (c.lastActivityAt < :afterActivity or (c.lastActivityAt = :afterActivity and c.id < :afterId))
			order by c.lastActivityAt desc, c.id desc""")
	List<Conversation> byActivity(@Nullable ConversationStatus status, @Nullable UUID ownerId, @Nullable UUID teamId,
			@Nullable String tag, @Nullable Channel channel, @Nullable String contactReason,
			@Nullable UUID contactId, Instant updatedSince, Instant afterActivity, UUID afterId, Limit limit);

}
