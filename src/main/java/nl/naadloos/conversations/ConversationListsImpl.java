package nl.naadloos.conversations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.Cursor;

/**
 * Writes the list query with a condition for each filter that is set and nothing for the others. A
 * generic "{@code :x is null or ...}" query lets PostgreSQL pick one plan for every combination, which at
 * a million conversations scans the activity index and discards almost every row; this one lets it walk
 * the index that matches (status + team, owner, contact) and stop after one page. Tags and channels are
 * matched with EXISTS, so no DISTINCT sort is needed.
 */
class ConversationListsImpl implements ConversationLists {

	/** Work still to do: everything not solved or closed. */
	static final List<ConversationStatus> OPEN_WORK = List.of(ConversationStatus.NEW, ConversationStatus.OPEN,
			ConversationStatus.PENDING, ConversationStatus.ON_HOLD);

	private final EntityManager entityManager;

	ConversationListsImpl(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@Override
	public List<Conversation> byActivity(ConversationService.ConversationFilter filter, @Nullable Cursor after,
			int fetch) {
		StringBuilder jpql = new StringBuilder("select c from Conversation c where 1 = 1");
		Map<String, Object> parameters = new LinkedHashMap<>();
		where(filter, jpql, parameters);
		if (after != null) {
			jpql.append(" and (c.lastActivityAt < :afterActivity or (c.lastActivityAt = :afterActivity and c.id < :afterId))");
			parameters.put("afterActivity", after.instant(0));
			parameters.put("afterId", after.uuid(1));
		}
		jpql.append(" order by c.lastActivityAt desc, c.id desc");
		TypedQuery<Conversation> query = this.entityManager.createQuery(jpql.toString(), Conversation.class);
		parameters.forEach(query::setParameter);
		return query.setMaxResults(fetch).getResultList();
	}

	@Override
	public long countMatching(ConversationService.ConversationFilter filter) {
		StringBuilder jpql = new StringBuilder("select count(c) from Conversation c where 1 = 1");
		Map<String, Object> parameters = new LinkedHashMap<>();
		where(filter, jpql, parameters);
		TypedQuery<Long> query = this.entityManager.createQuery(jpql.toString(), Long.class);
		parameters.forEach(query::setParameter);
		return query.getSingleResult();
	}

	private static void where(ConversationService.ConversationFilter filter, StringBuilder jpql,
			Map<String, Object> parameters) {
		condition(jpql, parameters, "c.status = :status", "status", filter.status());
		if (filter.openWorkOnly()) {
			condition(jpql, parameters, "c.status in :open", "open", OPEN_WORK);
		}
		if (filter.unassignedOnly()) {
			jpql.append(" and c.ownerAgentId is null");
		}
		condition(jpql, parameters, "c.teamId = :teamId", "teamId", filter.teamId());
		condition(jpql, parameters, "c.ownerAgentId = :ownerId", "ownerId", filter.ownerAgentId());
		condition(jpql, parameters, "c.contactId = :contactId", "contactId", filter.contactId());
		condition(jpql, parameters, "c.contactReason = :contactReason", "contactReason", filter.contactReason());
		condition(jpql, parameters, "c.lastActivityAt >= :updatedSince", "updatedSince", filter.updatedSince());
		condition(jpql, parameters, "exists (select 1 from Conversation t join t.tags tag where t = c and tag = :tag)",
				"tag", filter.tag());
		condition(jpql, parameters,
				"exists (select 1 from Conversation h join h.channels ch where h = c and ch = :channel)", "channel",
				filter.channel());
	}

	private static void condition(StringBuilder jpql, Map<String, Object> parameters, String condition, String name,
			@Nullable Object value) {
		if (value != null) {
			jpql.append(" and ").append(condition);
			parameters.put(name, value);
		}
	}

}
