package nl.naadloos.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;
import org.hibernate.search.engine.backend.types.Highlightable;
import org.hibernate.search.engine.backend.types.Projectable;
import org.hibernate.search.engine.backend.types.Sortable;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.FullTextField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.GenericField;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.Indexed;
import org.hibernate.search.mapper.pojo.mapping.definition.annotation.KeywordField;
import org.jspecify.annotations.Nullable;


import nl.naadloos.platform.AssignedIdAggregate;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.search.NaadloosAnalysisConfigurer;

/**
 * One customer request, from the first message to solved, on however many channels the customer
 * uses. It has exactly one owner at a time.
 */
@Entity
@Table(name = "conversations")
@Indexed(index = "conversation")
class Conversation extends AssignedIdAggregate<Conversation> {

	@Id
	private UUID id;

	/** Human-readable number (#1042), given by the database on insert. */
	@Generated(event = EventType.INSERT)
	@Column(insertable = false, updatable = false)
	@GenericField
	private @Nullable Long number;

	@KeywordField
	private UUID contactId;

	@FullTextField(analyzer = NaadloosAnalysisConfigurer.DUTCH, highlightable = Highlightable.ANY,
			projectable = Projectable.YES)
	@FullTextField(name = "subject_en", analyzer = NaadloosAnalysisConfigurer.ENGLISH)
	private @Nullable String subject;

	@Enumerated(EnumType.STRING)
	@KeywordField
	private ConversationStatus status;

	@Enumerated(EnumType.STRING)
	private Priority priority;

	private @Nullable UUID ownerAgentId;

	@KeywordField
	private @Nullable UUID teamId;

	private @Nullable String contactReason;

	private @Nullable String severity;

	@Enumerated(EnumType.STRING)
	private @Nullable Channel latestInboundChannel;

	private @Nullable UUID latestInboundAccountId;

	private @Nullable UUID previousConversationId;

	private Instant createdAt;

	private @Nullable Instant firstResponseAt;

	private @Nullable Instant lastCustomerMessageAt;

	private @Nullable Instant lastAgentMessageAt;

	private @Nullable Instant solvedAt;

	private @Nullable Instant closedAt;

	@GenericField(sortable = Sortable.YES)
	private Instant lastActivityAt;

	private int reopenCount;

	/** When an agent last had it on screen; written only by {@link Conversations#seen}, never by a save. */
	@Column(insertable = false, updatable = false)
	private @Nullable Instant agentSeenAt;

	@Version
	private long version;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "conversation_tags", joinColumns = @JoinColumn(name = "conversation_id"))
	@Column(name = "tag")
	@BatchSize(size = 100)
	private Set<String> tags = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "conversation_channels", joinColumns = @JoinColumn(name = "conversation_id"))
	@Column(name = "channel")
	@Enumerated(EnumType.STRING)
	@BatchSize(size = 100)
	@KeywordField(name = "channel")
	private Set<Channel> channels = new LinkedHashSet<>();

	protected Conversation() {
		this.id = UUID.randomUUID();
		this.contactId = UUID.randomUUID();
		this.status = ConversationStatus.NEW;
		this.priority = Priority.NORMAL;
		this.createdAt = Instant.EPOCH;
		this.lastActivityAt = Instant.EPOCH;
	}

	Conversation(UUID contactId, @Nullable String subject, @Nullable UUID previousConversationId, Instant now) {
		this.id = UUID.randomUUID();
		this.contactId = contactId;
		this.subject = subject == null || subject.isBlank() ? null : truncate(subject.strip(), 500);
		this.status = ConversationStatus.NEW;
		this.priority = Priority.NORMAL;
		this.previousConversationId = previousConversationId;
		this.createdAt = now;
		this.lastActivityAt = now;
	}

	/** Whether a new inbound message of the contact continues this conversation (rather than a new one). */
	boolean continuesWithin(Duration window, Instant now) {
		return this.status != ConversationStatus.CLOSED && !this.lastActivityAt.plus(window).isBefore(now);
	}

	/**
	 * Records a customer message. A solved conversation reopens; a closed one never takes messages.
	 * @return whether the conversation was reopened
	 */
	boolean receive(Channel channel, UUID channelAccountId, Instant at) {
		if (this.status == ConversationStatus.CLOSED) {
			throw new IllegalStateException("Conversation " + this.id + " is closed");
		}
		boolean reopened = false;
		if (this.status == ConversationStatus.SOLVED) {
			this.status = ConversationStatus.OPEN;
			this.solvedAt = null;
			this.reopenCount++;
			reopened = true;
		}
		else if (this.status == ConversationStatus.PENDING) {
			// The customer answered what we waited for.
			this.status = ConversationStatus.OPEN;
		}
		this.channels.add(channel);
		this.latestInboundChannel = channel;
		this.latestInboundAccountId = channelAccountId;
		this.lastCustomerMessageAt = at;
		this.lastActivityAt = at;
		return reopened;
	}

	/**
	 * Records an automatic message (an out-of-office reply, a bounce) without treating it as the customer
	 * speaking: no reopening, no status change, not the latest customer message or reply channel.
	 */
	void receiveAutomatic(Instant at) {
		if (this.status == ConversationStatus.CLOSED) {
			throw new IllegalStateException("Conversation " + this.id + " is closed");
		}
		this.lastActivityAt = at;
	}

	void reply(Channel channel, Instant at) {
		if (this.status == ConversationStatus.CLOSED) {
			throw new IllegalStateException("Conversation " + this.id + " is closed");
		}
		if (this.firstResponseAt == null) {
			this.firstResponseAt = at;
		}
		if (this.status == ConversationStatus.NEW) {
			this.status = ConversationStatus.OPEN;
		}
		this.channels.add(channel);
		this.lastAgentMessageAt = at;
		this.lastActivityAt = at;
	}

	void touch(Instant at) {
		this.lastActivityAt = at;
	}

	/** @return the previous status */
	ConversationStatus changeStatus(ConversationStatus next, Instant now) {
		ConversationStatus previous = this.status;
		if (previous == next) {
			return previous;
		}
		if (previous == ConversationStatus.CLOSED) {
			throw new IllegalStateException("A closed conversation cannot change status");
		}
		if (next == ConversationStatus.NEW) {
			throw new IllegalStateException("A conversation cannot become new again");
		}
		if (previous == ConversationStatus.SOLVED && next != ConversationStatus.CLOSED) {
			this.reopenCount++;
			this.solvedAt = null;
		}
		this.status = next;
		if (next == ConversationStatus.SOLVED) {
			this.solvedAt = now;
		}
		if (next == ConversationStatus.CLOSED) {
			this.closedAt = now;
		}
		this.lastActivityAt = now;
		registerEvent(new ConversationStatusChanged(this.id, previous, next));
		return previous;
	}

	void changePriority(Priority priority, Instant now) {
		this.priority = priority;
		this.lastActivityAt = now;
	}

	void assign(@Nullable UUID agentId, @Nullable UUID teamId, Instant now) {
		this.ownerAgentId = agentId;
		this.teamId = teamId;
		this.lastActivityAt = now;
		registerEvent(new ConversationAssigned(this.id, agentId, teamId));
	}

	void tag(Set<String> tags) {
		this.tags.clear();
		tags.stream()
			.map(t -> t.strip().toLowerCase(Locale.ROOT))
			.filter(t -> !t.isEmpty())
			.forEach(this.tags::add);
	}

	void classify(@Nullable String contactReason, @Nullable String severity) {
		this.contactReason = contactReason == null || contactReason.isBlank() ? null : contactReason.strip();
		this.severity = severity == null || severity.isBlank() ? null : severity.strip();
	}

	/** Takes over the tags and channels of a conversation merged into this one. */
	void absorb(Conversation other, Instant now) {
		this.tags.addAll(other.tags);
		this.channels.addAll(other.channels);
		if (this.createdAt.isAfter(other.createdAt)) {
			this.createdAt = other.createdAt;
		}
		this.lastActivityAt = now;
	}

	/** Closes a conversation that was merged into another one. */
	void closeAsMerged(Instant now) {
		ConversationStatus previous = this.status;
		this.status = ConversationStatus.CLOSED;
		this.closedAt = now;
		this.lastActivityAt = now;
		registerEvent(new ConversationStatusChanged(this.id, previous, ConversationStatus.CLOSED));
	}

	void moveToContact(UUID contactId) {
		this.contactId = contactId;
	}

	private static String truncate(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max);
	}

	UUID id() {
		return this.id;
	}

	long number() {
		return this.number == null ? 0 : this.number;
	}

	UUID contactId() {
		return this.contactId;
	}

	@Nullable String subject() {
		return this.subject;
	}

	ConversationStatus status() {
		return this.status;
	}

	Priority priority() {
		return this.priority;
	}

	@Nullable UUID ownerAgentId() {
		return this.ownerAgentId;
	}

	@Nullable UUID teamId() {
		return this.teamId;
	}

	@Nullable String contactReason() {
		return this.contactReason;
	}

	@Nullable String severity() {
		return this.severity;
	}

	@Nullable Channel latestInboundChannel() {
		return this.latestInboundChannel;
	}

	@Nullable UUID latestInboundAccountId() {
		return this.latestInboundAccountId;
	}

	@Nullable UUID previousConversationId() {
		return this.previousConversationId;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	@Nullable Instant firstResponseAt() {
		return this.firstResponseAt;
	}

	@Nullable Instant agentSeenAt() {
		return this.agentSeenAt;
	}

	@Nullable Instant lastCustomerMessageAt() {
		return this.lastCustomerMessageAt;
	}

	@Nullable Instant lastAgentMessageAt() {
		return this.lastAgentMessageAt;
	}

	@Nullable Instant solvedAt() {
		return this.solvedAt;
	}

	@Nullable Instant closedAt() {
		return this.closedAt;
	}

	Instant lastActivityAt() {
		return this.lastActivityAt;
	}

	int reopenCount() {
		return this.reopenCount;
	}

	List<String> tags() {
		return this.tags.stream().sorted().toList();
	}

	List<Channel> channels() {
		return this.channels.stream().sorted().toList();
	}

	@Override
	public UUID getId() {
		return this.id;
	}

}
