package nl.naadloos.conversations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import nl.naadloos.accounts.AgentDirectory;
import nl.naadloos.accounts.AgentSummary;
import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.ContactResolution;
import nl.naadloos.contacts.ContactSummary;
import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.IdentitySummary;
import nl.naadloos.contacts.ResolvedSender;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Threads inbound messages, takes replies and notes, and changes conversations. Everything that
 * changes a conversation goes through here, so events and the timeline stay complete.
 */
@Service
@Transactional
class ConversationService implements ConversationInbox, OutboundDelivery {

	private static final UUID MIN_ID = new UUID(0, 0);

	private static final int RECEIVE_ATTEMPTS = 5;

	/** Channels whose replies can carry files. */
	private static final java.util.Set<Channel> CARRIES_FILES = java.util.EnumSet.of(Channel.EMAIL, Channel.API);


	private final Conversations conversations;

	private final Messages messages;

	private final MessageAttachments attachments;

	private final ContactResolution contactResolution;

	private final ContactDirectory contacts;

	private final AgentDirectory agents;

	private final ChannelAccountDirectory channelAccounts;

	private final ConversationProperties properties;

	private final ContactReasonCatalog contactReasons;

	private final ApplicationEventPublisher events;

	private final EntityManager entityManager;

	/** A transaction of its own per attempt at threading a message, when the caller has none. */
	private final TransactionTemplate requiresNew;

	private final Clock clock;

	ConversationService(Conversations conversations, Messages messages, MessageAttachments attachments,
			ContactResolution contactResolution,
			ContactDirectory contacts, AgentDirectory agents, ChannelAccountDirectory channelAccounts,
			ConversationProperties properties, ContactReasonCatalog contactReasons, ApplicationEventPublisher events,
			EntityManager entityManager,
			org.springframework.transaction.PlatformTransactionManager transactions, Clock clock) {
		this.conversations = conversations;
		this.messages = messages;
		this.attachments = attachments;
		this.contactResolution = contactResolution;
		this.contacts = contacts;
		this.agents = agents;
		this.channelAccounts = channelAccounts;
		this.properties = properties;
		this.contactReasons = contactReasons;
		this.events = events;
		this.entityManager = entityManager;
		this.requiresNew = new TransactionTemplate(transactions);
		this.requiresNew.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	// Inbound

	/**
	 * One transaction per message: resolving the contact, locking the contact's threading row, threading
	 * and storing. Inside a caller's transaction (the channel marking its raw event processed in the same
	 * commit) it takes part in that one, and a collision with a concurrent message of the same new sender
	 * is the caller's to retry; otherwise it retries here. Two deliveries of the same message are
	 * serialised by the lock and the second finds the first's message.
	 */
	@Override
	@Transactional(propagation = Propagation.SUPPORTS)
	public InboundResult receive(InboundEnvelope envelope) {
		checkText(envelope.text());
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return receiveOnce(envelope);
		}
		for (int attempt = 1;; attempt++) {
			try {
				InboundResult result = this.requiresNew.execute(status -> receiveOnce(envelope));
				if (result == null) {
					throw new IllegalStateException("Threading returned nothing");
				}
				return result;
			}
			catch (DataIntegrityViolationException | ConcurrencyFailureException concurrent) {
				if (attempt == RECEIVE_ATTEMPTS) {
					throw concurrent;
				}
			}
		}
	}

	private InboundResult receiveOnce(InboundEnvelope envelope) {
		Optional<InboundResult> known = known(envelope);
		if (known.isPresent()) {
			return known.get();
		}
		ResolvedSender sender = this.contactResolution.resolve(envelope.sender(), answeredIdentity(envelope));
		lockContactThread(sender);
		Optional<InboundResult> concurrent = known(envelope);
		if (concurrent.isPresent()) {
			return concurrent.get();
		}
		Instant now = this.clock.instant();
		Threaded threaded = thread(envelope, sender.contactId(), now);
		Conversation conversation = threaded.conversation();
		boolean reopened = false;
		if (envelope.automated()) {
			conversation.receiveAutomatic(now);
		}
		else {
			reopened = conversation.receive(envelope.channel(), envelope.channelAccountId(), now);
		}
		Message message = this.messages.save(Message.inbound(conversation.id(), envelope.channel(),
				envelope.channelAccountId(), sender.identityId(), envelope.providerMessageId(), envelope.text(),
				envelope.html(), envelope.sentAt(), envelope.automated(), now));
		envelope.attachments().forEach(file -> this.attachments.save(new MessageAttachment(message.id(), file, now)));
		this.conversations.save(conversation);
		this.events.publishEvent(new MessageReceived(conversation.id(), message.id(), sender.contactId(),
				envelope.channel(), reopened));
		return new InboundResult(conversation.id(), conversation.number(), message.id(), sender.contactId(), false,
				threaded.created());
	}

	@Override
	@Transactional
	public Optional<UUID> acknowledge(UUID inboundMessageId, String text, Duration notTwiceWithin) {
		Message inbound = this.messages.findById(inboundMessageId)
			.filter(m -> m.direction() == MessageDirection.INBOUND && m.channelAccountId() != null && m.channel() != null)
			.orElse(null);
		if (inbound == null || inbound.identityId() == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		if (this.messages.automaticTo(inbound.identityId(), now.minus(notTwiceWithin), Limit.of(1)).size() > 0) {
			return Optional.empty();
		}
		Message automatic = this.messages.save(Message.automatic(inbound.conversationId(), inbound.channel(),
				inbound.channelAccountId(), inbound.identityId(), text, inbound.id(), now));
		this.events.publishEvent(new ReplyQueued(automatic.id(), inbound.conversationId(), inbound.channel(),
				inbound.channelAccountId()));
		return Optional.of(automatic.id());
	}

	/** The conversation a message goes to, and whether it was made for it. */
	private record Threaded(Conversation conversation, boolean created) {
	}

	/**
	 * Locks the row that serialises the threading per contact (across nodes: it is a database row lock),
	 * so that two messages of one contact arriving at the same moment land in one conversation. The row
	 * is made on the contact's first message; a concurrent first insert collides and is retried.
	 */
	private void lockContactThread(ResolvedSender sender) {
		if (!sender.newContact()
				&& this.entityManager.find(ContactThread.class, sender.contactId(), LockModeType.PESSIMISTIC_WRITE) != null) {
			return;
		}
		// A contact made in this transaction is invisible to everyone else until it commits.
		this.entityManager.persist(new ContactThread(sender.contactId()));
		this.entityManager.flush();
	}

	@Override
	public void routeToTeam(UUID conversationId, UUID teamId) {
		Conversation conversation = conversation(conversationId);
		if (conversation.teamId() == null && this.agents.teamExists(teamId)) {
			conversation.assign(conversation.ownerAgentId(), teamId, this.clock.instant());
			this.conversations.save(conversation);
		}
	}

	/** An agent has the conversation on screen now: the customer's messages so far count as seen. */
	@Transactional
	void seenByAgent(UUID conversationId) {
		Instant now = this.clock.instant();
		if (this.conversations.seen(conversationId, now) > 0) {
			this.events.publishEvent(new ConversationSeen(conversationId, now));
		}
	}

	/** The identity we sent the message to that this one answers, when it names one of our replies. */
	private @Nullable UUID answeredIdentity(InboundEnvelope envelope) {
		if (envelope.replyToProviderMessageId() == null) {
			return null;
		}
		return this.messages
			.findByChannelAccountIdAndProviderMessageId(envelope.channelAccountId(), envelope.replyToProviderMessageId())
			.filter(m -> m.direction() == MessageDirection.OUTBOUND)
			.map(Message::identityId)
			.orElse(null);
	}

	private Optional<InboundResult> known(InboundEnvelope envelope) {
		return this.messages
			.findByChannelAccountIdAndProviderMessageId(envelope.channelAccountId(), envelope.providerMessageId())
			.map(this::duplicate);
	}

	private InboundResult duplicate(Message message) {
		Conversation conversation = conversation(message.conversationId());
		return new InboundResult(conversation.id(), conversation.number(), message.id(), conversation.contactId(), true);
	}

	/** Finds the conversation the message continues, or opens a new one. */
	private Threaded thread(InboundEnvelope envelope, UUID contactId, Instant now) {
		if (envelope.replyToProviderMessageId() != null) {
			Optional<Conversation> referenced = this.messages
				.findByChannelAccountIdAndProviderMessageId(envelope.channelAccountId(),
						envelope.replyToProviderMessageId())
				.map(m -> conversation(m.conversationId()))
				.filter(c -> c.contactId().equals(contactId) && c.status() != ConversationStatus.CLOSED);
			if (referenced.isPresent()) {
				return new Threaded(referenced.get(), false);
			}
		}
		if (envelope.conversationNumber() != null) {
			// Only the sender's own conversation: naming another customer's number changes nothing.
			Optional<Conversation> named = this.conversations.findByNumber(envelope.conversationNumber())
				.filter(c -> c.contactId().equals(contactId) && c.status() != ConversationStatus.CLOSED);
			if (named.isPresent()) {
				return new Threaded(named.get(), false);
			}
		}
		Optional<Conversation> recent = this.conversations.openOfContact(contactId, Limit.of(1))
			.stream()
			.filter(c -> c.continuesWithin(this.properties.continuationWindow(), now))
			.findFirst();
		if (recent.isPresent()) {
			return new Threaded(recent.get(), false);
		}
		UUID previous = this.conversations.findFirstByContactIdOrderByLastActivityAtDesc(contactId)
			.map(Conversation::id)
			.orElse(null);
		Conversation created = this.conversations.save(new Conversation(contactId, envelope.subject(), previous, now));
		// The number is given by the database: write the row now and read it back.
		this.entityManager.flush();
		this.entityManager.refresh(created);
		this.events.publishEvent(new ConversationCreated(created.id(), contactId, previous));
		return new Threaded(created, true);
	}

	// Replies and notes

	/**
	 * A reply on the channel of the customer's latest message, or on the account given; {@code files} are
	 * already in the blob store and go out with it where the channel can carry files.
	 */
	Message reply(UUID conversationId, UUID agentId, String text, @Nullable UUID channelAccountOverride,
			List<OutboundDelivery.OutboundFile> files) {
		checkText(text);
		Conversation conversation = conversation(conversationId);
		if (conversation.status() == ConversationStatus.CLOSED) {
			throw new ConversationProblems.Closed(conversation.number());
		}
		UUID accountId = channelAccountOverride != null ? channelAccountOverride : conversation.latestInboundAccountId();
		if (accountId == null) {
			throw new ConversationProblems.NoReplyChannel(
					"The customer has not written on any channel yet; choose a channel account to reply on.");
		}
		ChannelAccountDirectory.ChannelAccountInfo account = this.channelAccounts.find(accountId)
			.orElseThrow(() -> new ConversationProblems.NoReplyChannel("There is no channel account " + accountId + "."));
		if (!account.active()) {
			throw new ConversationProblems.NoReplyChannel("Channel account '" + account.name() + "' is switched off.");
		}
		IdentitySummary identity = recipient(conversation.contactId(), account)
			.orElseThrow(() -> new ConversationProblems.NoReplyChannel("The contact cannot be reached through '"
					+ account.name() + "': they have no " + account.channel().key() + " identity there."));
		Instant now = this.clock.instant();
		Channel previousChannel = this.messages.latestOutbound(conversationId, Limit.of(1))
			.stream()
			.map(Message::channel)
			.findFirst()
			.orElse(conversation.latestInboundChannel());
		if (previousChannel != null && previousChannel != account.channel()) {
			this.messages.save(Message.event(conversationId, agentId,
					"Channel switched from " + previousChannel.key() + " to " + account.channel().key(), now));
		}
		UUID replyTo = this.messages.latestInbound(conversationId, Limit.of(1))
			.stream()
			.findFirst()
			.map(Message::id)
			.orElse(null);
		if (!files.isEmpty() && !CARRIES_FILES.contains(account.channel())) {
			throw new InvalidRequest("Files cannot be sent on the " + account.channel().key() + " channel ('"
					+ account.name() + "'); send the reply without them or on another channel.");
		}
		Message reply = this.messages.save(Message.reply(conversationId, account.channel(), account.id(), identity.id(),
				agentId, text, replyTo, now));
		for (OutboundDelivery.OutboundFile file : files) {
			this.attachments.save(new MessageAttachment(reply.id(),
					new InboundAttachment(file.fileName(), file.contentType(), file.size(), file.sha256()), now));
		}
		conversation.reply(account.channel(), now);
		this.conversations.save(conversation);
		this.events.publishEvent(new ReplyQueued(reply.id(), conversationId, account.channel(), account.id()));
		return reply;
	}

	/** The contact's address on the account's channel: a verified one when there is a choice. */
	private Optional<IdentitySummary> recipient(UUID contactId, ChannelAccountDirectory.ChannelAccountInfo account) {
		return this.contacts.identitiesOf(contactId)
			.stream()
			.filter(identity -> reaches(identity, account))
			.max(Comparator.comparing(IdentitySummary::verified));
	}

	private static boolean reaches(IdentitySummary identity, ChannelAccountDirectory.ChannelAccountInfo account) {
		return switch (account.channel()) {
			case EMAIL -> identity.kind() == IdentityKind.EMAIL;
			case SMS, WHATSAPP, VOICE -> identity.kind() == IdentityKind.PHONE;
			default -> identity.kind() == IdentityKind.PROVIDER && account.id().equals(identity.channelAccountId());
		};
	}

	Message note(UUID conversationId, UUID agentId, String text) {
		checkText(text);
		Conversation conversation = conversation(conversationId);
		Instant now = this.clock.instant();
		conversation.touch(now);
		this.conversations.save(conversation);
		Message note = this.messages.save(Message.note(conversationId, agentId, text, now));
		this.events.publishEvent(new NoteAdded(conversationId, note.id(), agentId));
		return note;
	}

	// Changes

	Conversation update(UUID conversationId, UUID agentId, ConversationChanges changes) {
		Conversation conversation = conversation(conversationId);
		Instant now = this.clock.instant();
		if (changes.status() != null && changes.status() != conversation.status()) {
			try {
				ConversationStatus previous = conversation.changeStatus(changes.status(), now);
				event(conversationId, agentId, "Status changed from " + previous.key() + " to " + changes.status().key(), now);
			}
			catch (IllegalStateException ex) {
				throw new ConversationProblems.StatusNotAllowed(ex.getMessage() + ".");
			}
		}
		if (changes.priority() != null && changes.priority() != conversation.priority()) {
			event(conversationId, agentId,
					"Priority changed from " + conversation.priority().key() + " to " + changes.priority().key(), now);
			conversation.changePriority(changes.priority(), now);
		}
		if (changes.assignmentChanged()) {
			UUID owner = changes.clearOwner() ? null : changes.ownerAgentId() != null ? changes.ownerAgentId() : conversation.ownerAgentId();
			UUID team = changes.clearTeam() ? null : changes.teamId() != null ? changes.teamId() : conversation.teamId();
			if (owner != null) {
				AgentSummary agent = this.agents.findAgent(owner)
					.filter(AgentSummary::active)
					.orElseThrow(() -> new ConversationProblems.UnknownAgentOrTeam("There is no active agent " + owner + "."));
				event(conversationId, agentId, "Assigned to " + agent.name(), now);
			}
			else if (conversation.ownerAgentId() != null) {
				event(conversationId, agentId, "Unassigned", now);
			}
			if (team != null && !this.agents.teamExists(team)) {
				throw new ConversationProblems.UnknownAgentOrTeam("There is no team " + team + ".");
			}
			if (team != null && !team.equals(conversation.teamId())) {
				event(conversationId, agentId, "Team set to " + this.agents.teamName(team).orElse(team.toString()), now);
			}
			conversation.assign(owner, team, now);
		}
		if (changes.tags() != null) {
			conversation.tag(Set.copyOf(changes.tags()));
		}
		if (changes.contactReason() != null && !changes.contactReason().isBlank()
				&& !changes.contactReason().strip().equals(conversation.contactReason())) {
			this.contactReasons.checkAssignable(changes.contactReason().strip());
		}
		if (changes.contactReason() != null || changes.severity() != null) {
			conversation.classify(changes.contactReason() != null ? changes.contactReason() : conversation.contactReason(),
					changes.severity() != null ? changes.severity() : conversation.severity());
		}
		return this.conversations.save(conversation);
	}

	/**
	 * Merges {@code otherId} into {@code targetId}: its messages move over, its tags and channels join,
	 * and it is closed with a pointer to the target. Only conversations of the same contact merge
	 * (merge the contacts first), so no customer ever sees another's history.
	 */
	Conversation merge(UUID targetId, UUID otherId, UUID agentId) {
		if (targetId.equals(otherId)) {
			throw new ConversationProblems.CannotMerge("A conversation cannot be merged with itself.");
		}
		Conversation target = conversation(targetId);
		Conversation other = conversation(otherId);
		if (!target.contactId().equals(other.contactId())) {
			throw new ConversationProblems.CannotMerge(
					"The conversations belong to different contacts; merge the contacts first.");
		}
		if (target.status() == ConversationStatus.CLOSED || other.status() == ConversationStatus.CLOSED) {
			throw new ConversationProblems.CannotMerge("Closed conversations cannot be merged.");
		}
		Instant now = this.clock.instant();
		List<Message> moved = this.messages.findByConversationId(otherId);
		moved.forEach(message -> message.moveTo(targetId));
		this.messages.saveAll(moved);
		target.absorb(other, now);
		other.closeAsMerged(now);
		event(targetId, agentId, "Merged conversation #" + other.number() + " into this one (" + moved.size()
				+ " messages)", now);
		event(otherId, agentId, "Merged into conversation #" + target.number(), now);
		this.conversations.save(other);
		this.events.publishEvent(new ConversationsMerged(targetId, otherId));
		return this.conversations.save(target);
	}

	/** Moves the chosen messages into a new conversation of the same contact, linked to this one. */
	Conversation split(UUID conversationId, List<UUID> messageIds, UUID agentId) {
		Conversation source = conversation(conversationId);
		if (source.status() == ConversationStatus.CLOSED) {
			throw new ConversationProblems.Closed(source.number());
		}
		if (messageIds.isEmpty()) {
			throw new ConversationProblems.CannotSplit("Choose at least one message to split off.");
		}
		List<Message> all = this.messages.findByConversationId(conversationId);
		List<Message> chosen = all.stream().filter(m -> messageIds.contains(m.id())).toList();
		if (chosen.size() != Set.copyOf(messageIds).size()) {
			throw new ConversationProblems.CannotSplit("Some of the messages are not in conversation #" + source.number() + ".");
		}
		if (chosen.stream().anyMatch(m -> m.direction() == MessageDirection.EVENT)) {
			throw new ConversationProblems.CannotSplit("Events stay with their conversation; choose messages and notes only.");
		}
		boolean customerMessageLeft = all.stream()
			.anyMatch(m -> m.direction() == MessageDirection.INBOUND && !messageIds.contains(m.id()));
		if (!customerMessageLeft) {
			throw new ConversationProblems.CannotSplit("At least one customer message must stay in conversation #"
					+ source.number() + ".");
		}
		Instant now = this.clock.instant();
		Conversation split = this.conversations.save(new Conversation(source.contactId(), source.subject(), source.id(), now));
		this.entityManager.flush();
		this.entityManager.refresh(split);
		chosen.forEach(message -> message.moveTo(split.id()));
		this.messages.saveAll(chosen);
		chosen.stream()
			.filter(m -> m.direction() == MessageDirection.INBOUND && m.channel() != null && m.channelAccountId() != null)
			.reduce((first, second) -> second)
			.ifPresent(latest -> split.receive(latest.channel(), latest.channelAccountId(), now));
		event(conversationId, agentId, chosen.size() + " messages split off into conversation #" + split.number(), now);
		event(split.id(), agentId, "Split off from conversation #" + source.number(), now);
		source.touch(now);
		this.conversations.save(source);
		this.events.publishEvent(new ConversationCreated(split.id(), split.contactId(), source.id()));
		return this.conversations.save(split);
	}

	private void event(UUID conversationId, @Nullable UUID agentId, String text, Instant now) {
		this.messages.save(Message.event(conversationId, agentId, text, now));
	}

	// Reading

	@Transactional(readOnly = true)
	Conversation conversation(UUID id) {
		return this.conversations.findById(id).orElseThrow(() -> new ResourceNotFound("Conversation", id));
	}

	@Transactional(readOnly = true)
	CursorPage<Conversation> list(ConversationFilter filter, @Nullable Cursor after, int limit) {
		List<Conversation> fetched = this.conversations.byActivity(filter, after, limit + 1);
		return CursorPage.of(fetched, limit, c -> Cursor.of(c.lastActivityAt(), c.id()));
	}

	@Transactional(readOnly = true)
	long count(ConversationFilter filter) {
		return this.conversations.countMatching(filter);
	}

	/** The files of these messages, by message. */
	@Transactional(readOnly = true)
	Map<UUID, List<MessageAttachment>> attachmentsOf(Collection<UUID> messageIds) {
		if (messageIds.isEmpty()) {
			return Map.of();
		}
		return this.attachments.findByMessageIdInOrderByFileName(messageIds)
			.stream()
			.collect(Collectors.groupingBy(MessageAttachment::messageId));
	}

	/** A file of a message of a conversation; 404 unless all three belong together. */
	@Transactional(readOnly = true)
	MessageAttachment attachment(UUID conversationId, UUID messageId, UUID attachmentId) {
		return this.attachments.findById(attachmentId)
			.filter(file -> file.messageId().equals(messageId))
			.filter(file -> this.messages.findById(messageId).map(m -> m.conversationId().equals(conversationId)).orElse(false))
			.orElseThrow(() -> new ResourceNotFound("Attachment", attachmentId));
	}

	/** The latest reply of the conversation (by an agent or Naadloos itself), if any. */
	@Transactional(readOnly = true)
	Optional<Message> latestReply(UUID conversationId) {
		return this.messages.latestOutbound(conversationId, Limit.of(1)).stream().findFirst();
	}

	/** A message of this conversation. */
	@Transactional(readOnly = true)
	Message message(UUID conversationId, UUID messageId) {
		return this.messages.findById(messageId)
			.filter(message -> message.conversationId().equals(conversationId))
			.orElseThrow(() -> new ResourceNotFound("Message", messageId));
	}

	@Transactional(readOnly = true)
	CursorPage<Message> messages(UUID conversationId, @Nullable Cursor after, int limit) {
		conversation(conversationId);
		List<Message> fetched = this.messages.page(conversationId, after == null ? Instant.EPOCH : after.instant(0),
				after == null ? MIN_ID : after.uuid(1), Limit.of(limit + 1));
		return CursorPage.of(fetched, limit, m -> Cursor.of(m.createdAt(), m.id()));
	}

	/** Who changed what and when: the conversation's events, oldest first. */
	@Transactional(readOnly = true)
	List<Message> audit(UUID conversationId) {
		conversation(conversationId);
		return this.messages.findByConversationIdAndDirectionOrderByCreatedAtAscIdAsc(conversationId,
				MessageDirection.EVENT);
	}

	@Transactional(readOnly = true)
	List<Conversation> conversationsOfContact(UUID contactId) {
		return this.conversations.findByContactId(contactId);
	}

	@Transactional(readOnly = true)
	CursorPage<Message> timeline(List<UUID> conversationIds, @Nullable Cursor after, int limit) {
		if (conversationIds.isEmpty()) {
			return new CursorPage<>(List.of(), null);
		}
		List<Message> fetched = this.messages.timeline(conversationIds, after == null ? Instant.EPOCH : after.instant(0),
				after == null ? MIN_ID : after.uuid(1), Limit.of(limit + 1));
		return CursorPage.of(fetched, limit, m -> Cursor.of(m.createdAt(), m.id()));
	}

	// OutboundDelivery

	@Override
	@Transactional(readOnly = true)
	public Optional<OutboundMessage> outboundMessage(UUID messageId) {
		return this.messages.findById(messageId)
			.filter(m -> m.direction() == MessageDirection.OUTBOUND)
			.map(m -> {
				Conversation conversation = conversation(m.conversationId());
				String agentName = m.authorAgentId() == null ? "Naadloos"
						: this.agents.findAgent(m.authorAgentId()).map(AgentSummary::name).orElse("Naadloos");
				Message answered = m.replyToMessageId() == null ? null : this.messages.findById(m.replyToMessageId()).orElse(null);
				OutboundDelivery.Quoted quoted = answered == null || answered.text() == null ? null
						: new OutboundDelivery.Quoted(answered.text(),
								this.contacts.findContact(conversation.contactId()).map(ContactSummary::name).orElse(""),
								answered.sentAt() == null ? answered.createdAt() : answered.sentAt());
				List<OutboundDelivery.OutboundFile> files = this.attachments.findByMessageIdInOrderByFileName(List.of(m.id()))
					.stream()
					.map(file -> new OutboundDelivery.OutboundFile(file.fileName(), file.contentType(), file.size(), file.sha256()))
					.toList();
				return new OutboundMessage(m.id(), conversation.id(), conversation.number(), conversation.subject(),
						conversation.contactId(), m.identityId(), m.text() == null ? "" : m.text(), agentName,
						answered == null ? null : answered.providerMessageId(), m.authorType() == AuthorType.SYSTEM, quoted,
						files);
			});
	}

	@Override
	public void recordBounce(UUID channelAccountId, String providerMessageId, String reason) {
		this.messages.findByChannelAccountIdAndProviderMessageId(channelAccountId, providerMessageId)
			.filter(message -> message.direction() == MessageDirection.OUTBOUND)
			.ifPresent(message -> recordDelivery(message.id(), DeliveryStatus.FAILED, reason, null));
	}

	@Override
	public void recordDelivery(UUID messageId, DeliveryStatus status, @Nullable String reason,
			@Nullable String providerMessageId) {
		this.messages.findById(messageId).ifPresent(message -> {
			DeliveryStatus before = message.deliveryStatus();
			if (message.recordDelivery(status, reason, providerMessageId, this.clock.instant())) {
				this.events.publishEvent(new MessageDeliveryChanged(messageId, message.conversationId(), status, reason));
				if (status == DeliveryStatus.SENT && before == DeliveryStatus.QUEUED) {
					this.events.publishEvent(new MessageSent(messageId, message.conversationId(), message.channel(),
							message.channelAccountId(), message.authorAgentId(), message.providerMessageId()));
				}
			}
		});
	}

	private void checkText(@Nullable String text) {
		if (text == null) {
			return;
		}
		if (text.length() > this.properties.maxTextLength()) {
			throw new ConversationProblems.TextTooLong(this.properties.maxTextLength());
		}
		if (text.indexOf('\u0000') >= 0) {
			throw new InvalidRequest("The text contains a NUL character, which is not allowed.");
		}
	}

	/** Filters of the conversation list; {@code null} means any. */
	record ConversationFilter(@Nullable ConversationStatus status, @Nullable UUID ownerAgentId, @Nullable UUID teamId,
			@Nullable Channel channel, @Nullable String tag, @Nullable String contactReason, @Nullable UUID contactId,
			@Nullable Instant updatedSince, boolean openWorkOnly, boolean unassignedOnly) {

		ConversationFilter(@Nullable ConversationStatus status, @Nullable UUID ownerAgentId, @Nullable UUID teamId,
				@Nullable Channel channel, @Nullable String tag, @Nullable String contactReason, @Nullable UUID contactId,
				@Nullable Instant updatedSince) {
			this(status, ownerAgentId, teamId, channel, tag, contactReason, contactId, updatedSince, false, false);
		}

	}

	/** Changes to a conversation; {@code null} leaves a value as it is. */
	record ConversationChanges(@Nullable ConversationStatus status, @Nullable Priority priority,
			@Nullable UUID ownerAgentId, boolean clearOwner, @Nullable UUID teamId, boolean clearTeam,
			@Nullable List<String> tags, @Nullable String contactReason, @Nullable String severity) {

		boolean assignmentChanged() {
			return this.ownerAgentId != null || this.clearOwner || this.teamId != null || this.clearTeam;
		}

	}

}
