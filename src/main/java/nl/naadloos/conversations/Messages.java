package nl.naadloos.conversations;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface Messages extends CrudRepository<Message, UUID> {

	Optional<Message> findByChannelAccountIdAndProviderMessageId(UUID channelAccountId, String providerMessageId);

	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and (m.createdAt > :afterCreated or (m.createdAt = :afterCreated and m.id > :afterId))
			order by m.createdAt, m.id""")
	List<Message> page(UUID conversationId, Instant afterCreated, UUID afterId, Limit limit);

	@Query("""
			select m from Message m where m.conversationId in :conversationIds
			  and (m.createdAt > :afterCreated or (m.createdAt = :afterCreated and m.id > :afterId))
			order by m.createdAt, m.id""")
	List<Message> timeline(Collection<UUID> conversationIds, Instant afterCreated, UUID afterId, Limit limit);

	List<Message> findByConversationId(UUID conversationId);

	List<Message> findByConversationIdAndDirectionOrderByCreatedAtAscIdAsc(UUID conversationId,
			MessageDirection direction);

	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and m.direction = nl.naadloos.conversations.MessageDirection.INBOUND and m.automated = false
			order by m.createdAt desc, m.id desc""")
	/** The customer's latest message written by a person (what a reply answers). */
	List<Message> latestInbound(UUID conversationId, Limit limit);

	/** Automatic messages (acknowledgements) sent to an address since a moment. */
	@Query("""
			select m from Message m where m.identityId = :identityId
			  and m.direction = nl.naadloos.conversations.MessageDirection.OUTBOUND
			  and m.authorType = nl.naadloos.conversations.AuthorType.SYSTEM and m.createdAt > :since""")
	List<Message> automaticTo(UUID identityId, java.time.Instant since, Limit limit);

	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and m.direction = nl.naadloos.conversations.MessageDirection.OUTBOUND
			order by m.createdAt desc, m.id desc""")
	List<Message> latestOutbound(UUID conversationId, Limit limit);

	/** What the customer may see: their own messages (not automated ones) and answers written by people. */
	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and ((m.direction = nl.naadloos.conversations.MessageDirection.INBOUND and m.automated = false)
			    or (m.direction = nl.naadloos.conversations.MessageDirection.OUTBOUND
			      and m.authorType <> nl.naadloos.conversations.AuthorType.SYSTEM))
			order by m.createdAt desc, m.id desc""")
	List<Message> customerVisible(UUID conversationId, Limit limit);

	/** Agents' replies on a channel that the customer has not read yet. */
	@Query("""
			select m from Message m where m.channel = :channel
			  and m.direction = nl.naadloos.conversations.MessageDirection.OUTBOUND
			  and m.authorType = nl.naadloos.conversations.AuthorType.AGENT
			  and m.deliveryStatus in (nl.naadloos.conversations.DeliveryStatus.QUEUED,
			    nl.naadloos.conversations.DeliveryStatus.SENT, nl.naadloos.conversations.DeliveryStatus.DELIVERED)
			  and m.createdAt > :after and m.createdAt < :before
			order by m.createdAt, m.id""")
	List<Message> unreadReplies(nl.naadloos.platform.Channel channel, Instant after, Instant before, Limit limit);

	/** Answers of a conversation not read yet, up to a moment. */
	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and m.direction = nl.naadloos.conversations.MessageDirection.OUTBOUND
			  and m.deliveryStatus in (nl.naadloos.conversations.DeliveryStatus.QUEUED,
			    nl.naadloos.conversations.DeliveryStatus.SENT, nl.naadloos.conversations.DeliveryStatus.DELIVERED)
			  and m.createdAt <= :upTo""")
	List<Message> unreadAnswersUpTo(UUID conversationId, Instant upTo);

	/** The customer's latest message up to a moment. */
	@Query("""
			select m from Message m where m.conversationId = :conversationId
			  and m.direction = nl.naadloos.conversations.MessageDirection.INBOUND and m.createdAt <= :upTo
			order by m.createdAt desc, m.id desc""")
	List<Message> inboundUpTo(UUID conversationId, Instant upTo, Limit limit);

}
