package nl.naadloos.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.persistence.EntityManager;
import org.hibernate.search.engine.search.common.BooleanOperator;
import org.hibernate.search.engine.search.highlighter.dsl.HighlighterEncoder;
import org.hibernate.search.engine.search.predicate.dsl.SearchPredicateFactory;
import org.hibernate.search.mapper.orm.Search;
import org.hibernate.search.mapper.orm.session.SearchSession;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.ContactSummary;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;

/**
 * Full-text search over conversation subjects and message text (Dutch and English stemming), with
 * highlighted snippets, plus contacts by name, e-mail address or phone number.
 */
@RestController
@Tag(name = "Search", description = "Find conversations, messages and contacts")
class SearchApi {

	private static final int MAX_LIMIT = 50;

	private final EntityManager entityManager;

	private final ContactDirectory contacts;

	private final Conversations conversations;

	/** The last rebuild of the index on this node. */
	private volatile @Nullable ReindexStatus reindex;

	SearchApi(EntityManager entityManager, ContactDirectory contacts, Conversations conversations) {
		this.entityManager = entityManager;
		this.contacts = contacts;
		this.conversations = conversations;
	}

	@GetMapping("/api/v1/search")
	@Transactional(readOnly = true)
	@Operation(summary = "Search conversations, messages and contacts",
			description = "q is matched against subjects and message text in Dutch and English (\"fiets\" finds "
					+ "\"fietsen\"), against conversation numbers (\"#1042\") and against contact names, e-mail addresses "
					+ "and phone numbers in any format. Filters: status, teamId, channel, from/to (ISO-8601, on last "
					+ "activity or message time). Snippets are HTML with matches in <mark>.")
	SearchResults search(@RequestParam String q, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable UUID teamId,
			@RequestParam(required = false) @Nullable String channel,
			@RequestParam(required = false) @Nullable Instant from, @RequestParam(required = false) @Nullable Instant to,
			@RequestParam(required = false) @Nullable Integer limit) {
		String query = q.strip();
		if (query.isEmpty() || query.length() > 200) {
			throw new InvalidRequest("q must have 1 to 200 characters.");
		}
		int size = limit == null ? 20 : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw new InvalidRequest("limit must be between 1 and " + MAX_LIMIT + ".");
		}
		ConversationStatus statusFilter = ConversationsApi.status(status);
		Channel channelFilter = ConversationsApi.channel(channel);
		SearchSession session = Search.session(this.entityManager);
		List<ConversationHit> conversationHits = session.search(Conversation.class)
			.select(f -> f.composite().from(f.entity(), f.highlight("subject")).asList())
			.where((p, root) -> {
				root.add(matchesConversation(p, query));
				if (statusFilter != null) {
					root.add(p.match().field("status").matching(statusFilter));
				}
				if (teamId != null) {
					root.add(p.match().field("teamId").matching(teamId));
				}
				if (channelFilter != null) {
					root.add(p.match().field("channel").matching(channelFilter));
				}
				if (from != null || to != null) {
					root.add(p.range().field("lastActivityAt").between(from, to));
				}
			})
			.highlighter(h -> h.plain().tag("<mark>", "</mark>").encoder(HighlighterEncoder.HTML))
			.fetchHits(size)
			.stream()
			.map(row -> ConversationHit.of((Conversation) row.get(0), highlights(row.get(1))))
			.toList();
		List<MessageHit> messageHits = messages(session, query, statusFilter, teamId, channelFilter, from, to, size);
		List<ContactSummary> contactHits = statusFilter == null && teamId == null && channelFilter == null
				? this.contacts.search(query, size) : List.of();
		return new SearchResults(query, conversationHits, messageHits, contactHits);
	}

	private List<MessageHit> messages(SearchSession session, String query, @Nullable ConversationStatus status,
			@Nullable UUID teamId, @Nullable Channel channel, @Nullable Instant from, @Nullable Instant to, int size) {
		// Status and team live on the conversation: fetch extra hits and keep those whose conversation fits.
		boolean conversationFilter = status != null || teamId != null;
		List<List<?>> rows = session.search(Message.class)
			.select(f -> f.composite().from(f.entity(), f.highlight("text")).asList())
			.where((p, root) -> {
				root.add(p.simpleQueryString().fields("text", "text_en").matching(query).defaultOperator(BooleanOperator.AND));
				root.add(p.not(p.match().field("direction").matching(MessageDirection.EVENT)));
				if (channel != null) {
					root.add(p.match().field("channel").matching(channel));
				}
				if (from != null || to != null) {
					root.add(p.range().field("createdAt").between(from, to));
				}
			})
			.highlighter(h -> h.plain().tag("<mark>", "</mark>").encoder(HighlighterEncoder.HTML).fragmentSize(160))
			.fetchHits(conversationFilter ? size * 5 : size);
		List<Message> messages = rows.stream().map(row -> (Message) row.get(0)).toList();
		Map<UUID, Conversation> byId = new java.util.HashMap<>();
		this.conversations.findAllById(messages.stream().map(Message::conversationId).distinct().toList())
			.forEach(c -> byId.put(c.id(), c));
		List<MessageHit> hits = new ArrayList<>();
		for (List<?> row : rows) {
			Message message = (Message) row.get(0);
			Conversation conversation = byId.get(message.conversationId());
			if (conversation == null || (status != null && conversation.status() != status)
					|| (teamId != null && !teamId.equals(conversation.teamId()))) {
				continue;
			}
			List<String> highlights = highlights(row.get(1));
			String snippet = highlights.isEmpty() ? HtmlUtils.htmlEscape(abbreviate(message.text())) : highlights.get(0);
			hits.add(new MessageHit(message.id(), conversation.id(), conversation.number(), conversation.subject(),
					message.channel() == null ? null : message.channel().key(),
					message.direction().name().toLowerCase(java.util.Locale.ROOT), message.createdAt(), snippet));
			if (hits.size() == size) {
				break;
			}
		}
		return hits;
	}

	@PostMapping("/api/v1/search/reindex")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "Rebuild the search index from the database",
			description = "Runs in the background; use it after restoring a backup or loading data directly into the "
					+ "database. GET on the same path tells how far it is. A second request while one runs changes nothing.")
	synchronized ResponseEntity<ReindexStatus> reindex() {
		ReindexStatus running = this.reindex;
		if (running != null && running.status().equals("running")) {
			return ResponseEntity.status(HttpStatus.ACCEPTED).body(running);
		}
		Instant started = Instant.now();
		this.reindex = new ReindexStatus("running", started, null, null);
		Search.mapping(this.entityManager.getEntityManagerFactory())
			.scope(Object.class)
			.massIndexer()
			.batchSizeToLoadObjects(200)
			.threadsToLoadObjects(2)
			.mergeSegmentsOnFinish(true)
			.start()
			.whenComplete((done, failure) -> this.reindex = failure == null
					? new ReindexStatus("done", started, Instant.now(), null)
					: new ReindexStatus("failed", started, Instant.now(), failure.getMessage()));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.reindex);
	}

	@GetMapping("/api/v1/search/reindex")
	@PreAuthorize("hasRole('ADMIN')")
	@Operation(summary = "How far the last rebuild of the search index is")
	ReindexStatus reindexStatus() {
		ReindexStatus status = this.reindex;
		return status == null ? new ReindexStatus("idle", null, null, null) : status;
	}

	/**
	 * @param status idle (none since the start), running, done or failed
	 * @param startedAt when it started
	 * @param finishedAt when it ended
	 * @param error why it failed
	 */
	record ReindexStatus(String status, @Nullable Instant startedAt, @Nullable Instant finishedAt,
			@Nullable String error) {
	}

	private static org.hibernate.search.engine.search.predicate.SearchPredicate matchesConversation(
			SearchPredicateFactory p, String query) {
		String digits = query.startsWith("#") ? query.substring(1) : query;
		var any = p.bool().should(p.simpleQueryString()
			.fields("subject", "subject_en")
			.matching(query)
			.defaultOperator(BooleanOperator.AND));
		if (!digits.isEmpty() && digits.length() <= 18 && digits.chars().allMatch(Character::isDigit)) {
			any.should(p.match().field("number").matching(Long.parseLong(digits)));
		}
		return any.toPredicate();
	}

	@SuppressWarnings("unchecked")
	private static List<String> highlights(Object value) {
		return value instanceof List<?> list ? (List<String>) list : List.of();
	}

	private static String abbreviate(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return text.length() <= 160 ? text : text.substring(0, 157) + "...";
	}

	record ConversationHit(UUID id, long number, @Nullable String subject, @Nullable String subjectHighlight,
			String status, UUID contactId, Instant lastActivityAt) {

		static ConversationHit of(Conversation c, List<String> highlights) {
			return new ConversationHit(c.id(), c.number(), c.subject(), highlights.isEmpty() ? null : highlights.get(0),
					c.status().key(), c.contactId(), c.lastActivityAt());
		}

	}

	record MessageHit(UUID id, UUID conversationId, long conversationNumber, @Nullable String subject,
			@Nullable String channel, String direction, Instant createdAt, String snippet) {
	}

	record SearchResults(String query, List<ConversationHit> conversations, List<MessageHit> messages,
			List<ContactSummary> contacts) {
	}

}
