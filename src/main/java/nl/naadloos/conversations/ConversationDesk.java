package nl.naadloos.conversations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.accounts.AgentDirectory;
import nl.naadloos.accounts.AgentSummary;
import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.ContactSummary;
import nl.naadloos.contacts.IdentitySummary;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;

/**
 * What the agent workspace shows and does: inbox views with their counts, a conversation with its whole
 * timeline and the contact beside it, and the agent's actions (reply, note, status, take it). Screens read
 * plain records from here; the rules stay in {@link ConversationService}.
 */
@Service
@Transactional(readOnly = true)
public class ConversationDesk {

	/** Messages one conversation page shows at most, oldest first. */
	static final int TIMELINE_LIMIT = 500;

	private final ConversationService service;

	private final ContactDirectory contacts;

	private final AgentDirectory agents;

	private final ChannelAccountDirectory channelAccounts;

	private final ContactReasonCatalog reasons;

	private final SearchApi search;

	private final ApplicationEventPublisher events;

	ConversationDesk(ConversationService service, ContactDirectory contacts, AgentDirectory agents,
			ChannelAccountDirectory channelAccounts, ContactReasonCatalog reasons, SearchApi search,
			ApplicationEventPublisher events) {
		this.events = events;
		this.reasons = reasons;
		this.search = search;
		this.service = service;
		this.contacts = contacts;
		this.agents = agents;
		this.channelAccounts = channelAccounts;
	}

	/** The inbox views: open work that is the agent's, nobody's, or everyone's. */
	public enum View {

		MINE, UNASSIGNED, ALL;

		public String key() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		public static Optional<View> of(@Nullable String key) {
			for (View view : values()) {
				if (view.key().equals(key)) {
					return Optional.of(view);
				}
			}
			return Optional.empty();
		}

	}

	/**
	 * One line of the inbox.
	 * @param waitingSince when the customer's unanswered message came in; {@code null} when nothing waits
	 */
	public record InboxRow(UUID id, long number, @Nullable String subject, String contactName, List<Channel> channels,
			@Nullable Channel latestChannel, String status, String priority, @Nullable String ownerName,
			Instant lastActivityAt, @Nullable Instant waitingSince) {
	}

	public CursorPage<InboxRow> inbox(View view, UUID agentId, @Nullable String cursor, int limit) {
		CursorPage<Conversation> page = this.service.list(filter(view, agentId), Cursor.decode(cursor, 2), limit);
		Map<UUID, String> names = new java.util.HashMap<>();
		Map<UUID, String> owners = new java.util.HashMap<>();
		return page.map(c -> new InboxRow(c.id(), c.number(), c.subject(),
				names.computeIfAbsent(c.contactId(), this::contactName), List.copyOf(c.channels()), c.latestInboundChannel(),
				c.status().key(), c.priority().key(),
				c.ownerAgentId() == null ? null : owners.computeIfAbsent(c.ownerAgentId(), this::agentName),
				c.lastActivityAt(), waitingSince(c)));
	}

	/** How many conversations each view holds. */
	public Map<View, Long> counts(UUID agentId) {
		Map<View, Long> counts = new EnumMap<>(View.class);
		for (View view : View.values()) {
			counts.put(view, this.service.count(filter(view, agentId)));
		}
		return counts;
	}

	private static ConversationService.ConversationFilter filter(View view, UUID agentId) {
		return new ConversationService.ConversationFilter(null, view == View.MINE ? agentId : null, null, null, null, null,
				null, null, true, view == View.UNASSIGNED);
	}

	/**
	 * A conversation as its page shows it.
	 * @param replyAccounts the channel accounts a reply can go out on, the one of the customer's latest message first
	 */
	public record ConversationPage(UUID id, long number, @Nullable String subject, String status, String priority,
			@Nullable UUID ownerAgentId, @Nullable String ownerName, @Nullable UUID teamId, List<String> tags,
			@Nullable String contactReason, List<Channel> channels, @Nullable Instant waitingSince,
			ContactCard contact, List<OtherConversation> otherConversations, List<TimelineItem> timeline,
			List<ReplyAccount> replyAccounts) {
	}

	/**
	 * What the workspace's search finds: conversations (subject or number), messages (with the match marked)
	 * and contacts (with their latest conversation to open).
	 * @param conversations hits on subjects and numbers; {@code subjectHtml} is escaped HTML with {@code <mark>}
	 * @param messages hits in message text; {@code snippetHtml} is escaped HTML with {@code <mark>}
	 */
	public record SearchPage(String query, List<FoundConversation> conversations, List<FoundMessage> messages,
			List<FoundContact> contacts) {
	}

	public record FoundConversation(UUID id, long number, @Nullable String subject, @Nullable String subjectHtml,
			String status) {
	}

	public record FoundMessage(UUID conversationId, long number, @Nullable String subject, @Nullable String channel,
			String direction, Instant at, String snippetHtml) {
	}

	public record FoundContact(UUID id, String name, @Nullable UUID latestConversationId) {
	}

	/** Searches like {@code GET /api/v1/search}; a blank query finds nothing. */
	public SearchPage search(String query) {
		if (query.isBlank()) {
			return new SearchPage("", List.of(), List.of(), List.of());
		}
		SearchApi.SearchResults found = this.search.search(query, null, null, null, null, null, 20);
		return new SearchPage(found.query(),
				found.conversations().stream()
					.map(h -> new FoundConversation(h.id(), h.number(), h.subject(), h.subjectHighlight(), h.status()))
					.toList(),
				found.messages().stream()
					.map(h -> new FoundMessage(h.conversationId(), h.conversationNumber(), h.subject(), h.channel(),
							h.direction(), h.createdAt(), h.snippet()))
					.toList(),
				found.contacts().stream()
					.map(contact -> new FoundContact(contact.id(), contact.name(), this.service.conversationsOfContact(contact.id())
						.stream()
						.max(java.util.Comparator.comparing(Conversation::lastActivityAt))
						.map(Conversation::id)
						.orElse(null)))
					.toList());
	}

	/** Someone or something to choose in a list: an agent, a team, a contact reason. */
	public record Choice(String value, String label) {
	}

	/** Agents a conversation can be given to. */
	public List<Choice> agents() {
		return this.agents.activeAgents().stream().map(a -> new Choice(a.id().toString(), a.name())).toList();
	}

	public List<Choice> teams() {
		return this.agents.teamNames().stream().map(t -> new Choice(t.getKey().toString(), t.getValue())).toList();
	}

	/** Active contact reasons, each with its parent's name in front, in the agent's language. */
	public List<Choice> contactReasons(java.util.Locale language) {
		List<ContactReason> all = this.reasons.all();
		Map<String, ContactReason> byKey = all.stream().collect(java.util.stream.Collectors.toMap(ContactReason::key, r -> r));
		return all.stream()
			.filter(ContactReason::isActive)
			.map(r -> new Choice(r.key(), (r.parentKey() != null && byKey.containsKey(r.parentKey())
					? label(byKey.get(r.parentKey()), language) + " › " : "") + label(r, language)))
			.sorted(java.util.Comparator.comparing(Choice::label))
			.toList();
	}

	private static String label(ContactReason reason, java.util.Locale language) {
		return "nl".equals(language.getLanguage()) && reason.nameNl() != null ? reason.nameNl() : reason.name();
	}

	/**
	 * Changes owner, team, priority, tags and contact reason at once (what the conversation's side form holds);
	 * empty owner or team clears it.
	 */
	@Transactional
	public void change(UUID conversationId, UUID agentId, @Nullable String ownerAgentId, @Nullable String teamId,
			String priority, List<String> tags, @Nullable String contactReason) {
		Conversation c = this.service.conversation(conversationId);
		UUID owner = ownerAgentId == null || ownerAgentId.isBlank() ? null : UUID.fromString(ownerAgentId);
		UUID team = teamId == null || teamId.isBlank() ? null : UUID.fromString(teamId);
		boolean ownerChanged = !java.util.Objects.equals(owner, c.ownerAgentId());
		boolean teamChanged = !java.util.Objects.equals(team, c.teamId());
		this.service.update(conversationId, agentId, new ConversationService.ConversationChanges(null,
				Priority.fromKey(priority), ownerChanged ? owner : null, ownerChanged && owner == null,
				teamChanged ? team : null, teamChanged && team == null, tags,
				contactReason == null || contactReason.isBlank() ? null : contactReason, null));
	}

	/** The customer beside the conversation. */
	public record ContactCard(UUID id, String name, @Nullable String language, @Nullable String company,
			List<IdentitySummary> identities) {
	}

	/** Another conversation of the same contact. */
	public record OtherConversation(UUID id, long number, @Nullable String subject, String status, List<Channel> channels,
			Instant lastActivityAt) {
	}

	/** A channel account a reply can go out on. */
	public record ReplyAccount(UUID id, Channel channel, String name) {
	}

	/**
	 * One entry of the timeline: a customer's message, a reply, a note or an event.
	 * @param kind {@code inbound}, {@code outbound}, {@code note} or {@code event}
	 * @param author the customer's or agent's name ({@code null} for events by the system)
	 * @param automated a machine on the customer's side sent it (out-of-office, bounce)
	 */
	public record TimelineItem(UUID id, String kind, @Nullable Channel channel, @Nullable String author,
			@Nullable String text, @Nullable String deliveryStatus, @Nullable String failureReason, Instant at,
			List<FileLink> files, @Nullable String originalUrl, boolean automated) {
	}

	/** A file of a message with its download address. */
	public record FileLink(String name, String contentType, long size, String url) {
	}

	public ConversationPage conversation(UUID id) {
		Conversation c = this.service.conversation(id);
		ContactSummary contact = this.contacts.findContact(c.contactId())
			.orElse(new ContactSummary(c.contactId(), "", null, null));
		List<IdentitySummary> identities = this.contacts.identitiesOf(c.contactId());
		List<OtherConversation> others = this.service.conversationsOfContact(c.contactId())
			.stream()
			.filter(other -> !other.id().equals(id))
			.sorted(java.util.Comparator.comparing((Conversation o) -> !ConversationListsImpl.OPEN_WORK.contains(o.status()))
				.thenComparing(Conversation::lastActivityAt, java.util.Comparator.reverseOrder()))
			.limit(20)
			.map(o -> new OtherConversation(o.id(), o.number(), o.subject(), o.status().key(), List.copyOf(o.channels()),
					o.lastActivityAt()))
			.toList();
		CursorPage<Message> page = this.service.messages(id, null, TIMELINE_LIMIT);
		List<Message> shown = page.items();
		Map<UUID, List<MessageAttachment>> files = this.service.attachmentsOf(shown.stream().map(Message::id).toList());
		Map<UUID, String> agentNames = new java.util.HashMap<>();
		List<TimelineItem> timeline = new ArrayList<>();
		Set<UUID> inboundAccounts = new LinkedHashSet<>();
		for (Message m : shown) {
			String kind = switch (m.direction()) {
				case INBOUND -> "inbound";
				case OUTBOUND -> "outbound";
				case NOTE -> "note";
				case EVENT -> "event";
			};
			if (m.direction() == MessageDirection.INBOUND && m.channelAccountId() != null) {
				inboundAccounts.add(m.channelAccountId());
			}
			String author = m.direction() == MessageDirection.INBOUND ? contact.name()
					: m.authorAgentId() == null ? null : agentNames.computeIfAbsent(m.authorAgentId(), this::agentName);
			ConversationResources.MessageResource resource = ConversationResources.MessageResource.of(m,
					files.getOrDefault(m.id(), List.of()), false);
			timeline.add(new TimelineItem(m.id(), kind, m.channel(), author, m.text(),
					m.deliveryStatus() == null ? null : m.deliveryStatus().key(), m.failureReason(), m.createdAt(),
					resource.attachments().stream().map(f -> new FileLink(f.fileName(), f.contentType(), f.size(), f.url())).toList(),
					resource.originalUrl(), m.automated()));
		}
		List<ReplyAccount> accounts = new ArrayList<>();
		if (c.latestInboundAccountId() != null) {
			inboundAccounts.remove(c.latestInboundAccountId());
			replyAccount(c.latestInboundAccountId()).ifPresent(accounts::add);
		}
		inboundAccounts.forEach(account -> replyAccount(account).ifPresent(accounts::add));
		return new ConversationPage(c.id(), c.number(), c.subject(), c.status().key(), c.priority().key(), c.ownerAgentId(),
				c.ownerAgentId() == null ? null : agentName(c.ownerAgentId()), c.teamId(), List.copyOf(c.tags()),
				c.contactReason(), List.copyOf(c.channels()), waitingSince(c),
				new ContactCard(contact.id(), contact.name(), contact.language(), contact.company(), identities), others,
				timeline, accounts);
	}

	private Optional<ReplyAccount> replyAccount(UUID accountId) {
		return this.channelAccounts.find(accountId)
			.filter(ChannelAccountDirectory.ChannelAccountInfo::active)
			.map(info -> new ReplyAccount(info.id(), info.channel(), info.name()));
	}

	/**
	 * The colleague who replied to the customer after {@code since} (when this agent opened the conversation),
	 * so that the agent reads that reply before sending theirs.
	 */
	public Optional<String> repliedByAnotherSince(UUID conversationId, UUID agentId, Instant since) {
		return this.service.latestReply(conversationId)
			.filter(reply -> reply.createdAt().isAfter(since))
			.filter(reply -> reply.authorAgentId() != null && !reply.authorAgentId().equals(agentId))
			.map(reply -> agentName(reply.authorAgentId()));
	}

	@Transactional
	public UUID reply(UUID conversationId, UUID agentId, String text, @Nullable UUID channelAccountId) {
		return this.service.reply(conversationId, agentId, text, channelAccountId, List.of()).id();
	}

	@Transactional
	public UUID note(UUID conversationId, UUID agentId, String text) {
		return this.service.note(conversationId, agentId, text).id();
	}

	/** Sets the status ({@code open}, {@code pending}, {@code solved}, ...). */
	@Transactional
	public void changeStatus(UUID conversationId, UUID agentId, String status) {
		this.service.update(conversationId, agentId, new ConversationService.ConversationChanges(
				ConversationStatus.fromKey(status), null, null, false, null, false, null, null, null));
	}

	/**
	 * One action on several conversations: {@code take}, {@code status:<status>} or {@code priority:<priority>}.
	 * @return how many were changed; those that cannot be (a closed conversation cannot be reopened, say) are
	 * left as they are and counted in {@code refused}
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.NOT_SUPPORTED)
	public BulkResult bulk(List<UUID> conversationIds, UUID agentId, String action) {
		// Each conversation in a transaction of its own: one that cannot be changed leaves the others changed.
		int changed = 0;
		int refused = 0;
		for (UUID id : conversationIds) {
			try {
				ConversationService.ConversationChanges changes;
				if (action.equals("take")) {
					changes = new ConversationService.ConversationChanges(null, null, agentId, false, null, false, null, null, null);
				}
				else if (action.startsWith("status:")) {
					changes = new ConversationService.ConversationChanges(ConversationStatus.fromKey(action.substring(7)), null,
							null, false, null, false, null, null, null);
				}
				else if (action.startsWith("priority:")) {
					changes = new ConversationService.ConversationChanges(null, Priority.fromKey(action.substring(9)), null,
							false, null, false, null, null, null);
				}
				else {
					throw new nl.naadloos.platform.InvalidRequest("Unknown action '" + action + "'.");
				}
				this.service.update(id, agentId, changes);
				changed++;
			}
			catch (ConversationProblems.StatusNotAllowed | nl.naadloos.platform.ResourceNotFound notThisOne) {
				refused++;
			}
		}
		return new BulkResult(changed, refused);
	}

	/** What a bulk action did. */
	public record BulkResult(int changed, int refused) {
	}

	/** The agent has the conversation on screen (the customer sees their messages were seen). */
	@Transactional
	public void seen(UUID conversationId) {
		this.service.seenByAgent(conversationId);
	}

	/** The agent is typing an answer (colleagues and the customer, on channels that show it, see so). */
	public void typing(UUID conversationId, UUID agentId, String agentName) {
		this.events.publishEvent(new AgentTyping(conversationId, agentId, agentName));
	}

	/** Makes the agent the owner. */
	@Transactional
	public void take(UUID conversationId, UUID agentId) {
		this.service.update(conversationId, agentId,
				new ConversationService.ConversationChanges(null, null, agentId, false, null, false, null, null, null));
	}

	private static @Nullable Instant waitingSince(Conversation c) {
		Instant customer = c.lastCustomerMessageAt();
		Instant agent = c.lastAgentMessageAt();
		boolean open = ConversationListsImpl.OPEN_WORK.contains(c.status());
		return open && customer != null && (agent == null || agent.isBefore(customer)) ? customer : null;
	}

	private String contactName(UUID contactId) {
		return this.contacts.findContact(contactId).map(ContactSummary::name).orElse("");
	}

	private String agentName(UUID agentId) {
		return this.agents.findAgent(agentId).map(AgentSummary::name).orElse("");
	}

}
