package nl.naadloos.conversations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.accounts.AgentDirectory;
import nl.naadloos.accounts.AgentSummary;
import nl.naadloos.contacts.ContactDirectory;
import nl.naadloos.contacts.ContactSummary;
import nl.naadloos.platform.Channel;

@Service
@Transactional(readOnly = true)
class CustomerConversationsService implements CustomerConversations {

	private static final int PREVIEW_LENGTH = 120;

	private final Conversations conversations;

	private final Messages messages;

	private final MessageAttachments attachments;

	private final ConversationService service;

	private final AgentDirectory agents;

	private final ContactDirectory contacts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CustomerConversationsService(Conversations conversations, Messages messages, MessageAttachments attachments,
			ConversationService service, AgentDirectory agents, ContactDirectory contacts,
			ApplicationEventPublisher events, Clock clock) {
		this.contacts = contacts;
		this.conversations = conversations;
		this.messages = messages;
		this.attachments = attachments;
		this.service = service;
		this.agents = agents;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public List<Summary> conversations(UUID contactId, @Nullable UUID onlyWithIdentity, int limit) {
		List<Conversation> found = onlyWithIdentity == null ? this.conversations.ofContact(contactId, Limit.of(limit))
				: this.conversations.withIdentity(onlyWithIdentity, Limit.of(limit));
		return found.stream().map(this::summary).toList();
	}

	@Override
	public Optional<Summary> conversation(long number, UUID contactId, @Nullable UUID onlyWithIdentity) {
		Optional<Conversation> found = this.conversations.findByNumber(number)
			.filter(c -> c.contactId().equals(contactId));
		if (onlyWithIdentity != null) {
			found = found.filter(c -> this.conversations.withIdentity(onlyWithIdentity, Limit.unlimited())
				.stream()
				.anyMatch(mine -> mine.id().equals(c.id())));
		}
		return found.map(this::summary);
	}

	@Override
	public Optional<Summary> conversation(UUID conversationId) {
		return this.conversations.findById(conversationId).map(this::summary);
	}

	private Summary summary(Conversation conversation) {
		String preview = this.messages.customerVisible(conversation.id(), Limit.of(1))
			.stream()
			.map(Message::text)
			.filter(text -> text != null && !text.isBlank())
			.map(text -> text.length() > PREVIEW_LENGTH ? text.substring(0, PREVIEW_LENGTH) + "…" : text)
			.findFirst()
			.orElse(null);
		return new Summary(conversation.id(), conversation.number(), conversation.contactId(), conversation.subject(),
				conversation.status(), conversation.lastActivityAt(), conversation.lastCustomerMessageAt(),
				List.copyOf(conversation.channels()), preview);
	}

	@Override
	public List<CustomerMessage> messages(UUID conversationId, int limit) {
		Conversation conversation = this.conversations.findById(conversationId).orElse(null);
		if (conversation == null) {
			return List.of();
		}
		List<Message> latest = new ArrayList<>(this.messages.customerVisible(conversationId, Limit.of(limit)));
		Collections.reverse(latest);
		return customerMessages(conversation, latest);
	}

	@Override
	public Optional<CustomerMessage> message(UUID messageId) {
		return this.messages.findById(messageId)
			.filter(CustomerConversationsService::visibleToCustomer)
			.flatMap(m -> this.conversations.findById(m.conversationId())
				.map(c -> customerMessages(c, List.of(m)).getFirst()));
	}

	private static boolean visibleToCustomer(Message message) {
		return switch (message.direction()) {
			case INBOUND -> !message.automated();
			case OUTBOUND -> message.authorType() != AuthorType.SYSTEM;
			default -> false;
		};
	}

	private List<CustomerMessage> customerMessages(Conversation conversation, List<Message> found) {
		if (found.isEmpty()) {
			return List.of();
		}
		Map<UUID, List<CustomerFile>> files = this.attachments
			.findByMessageIdInOrderByFileName(found.stream().map(Message::id).toList())
			.stream()
			.collect(Collectors.groupingBy(MessageAttachment::messageId,
					Collectors.mapping(file -> file(file, conversation.id()), Collectors.toList())));
		Map<UUID, String> agentNames = new HashMap<>();
		List<CustomerMessage> result = new ArrayList<>(found.size());
		for (Message m : found) {
			boolean fromCustomer = m.direction() == MessageDirection.INBOUND;
			String agent = m.authorAgentId() == null ? null
					: agentNames.computeIfAbsent(m.authorAgentId(),
							id -> this.agents.findAgent(id).map(AgentSummary::name).orElse(""));
			result.add(new CustomerMessage(m.id(), conversation.id(), conversation.number(), fromCustomer,
					agent == null || agent.isEmpty() ? null : agent, m.text(), m.createdAt(), m.channel(),
					m.channelAccountId(), m.identityId(), m.providerMessageId(), fromCustomer ? null : m.deliveryStatus(),
					files.getOrDefault(m.id(), List.of())));
		}
		return result;
	}

	private static CustomerFile file(MessageAttachment file, UUID conversationId) {
		return new CustomerFile(file.id(), file.messageId(), conversationId, file.fileName(), file.contentType(),
				file.size(), file.sha256());
	}

	@Override
	public Optional<CustomerFile> file(UUID attachmentId) {
		return this.attachments.findById(attachmentId)
			.flatMap(file -> this.messages.findById(file.messageId())
				.filter(CustomerConversationsService::visibleToCustomer)
				.map(m -> file(file, m.conversationId())));
	}

	@Override
	@Transactional
	public void readByCustomer(UUID conversationId, UUID upToMessageId) {
		Message upTo = this.messages.findById(upToMessageId)
			.filter(m -> m.conversationId().equals(conversationId))
			.orElse(null);
		if (upTo == null) {
			return;
		}
		for (Message answer : this.messages.unreadAnswersUpTo(conversationId, upTo.createdAt())) {
			this.service.recordDelivery(answer.id(), DeliveryStatus.READ, null, null);
		}
	}

	@Override
	public Optional<UUID> seenByAgentUpTo(UUID conversationId) {
		Conversation conversation = this.conversations.findById(conversationId).orElse(null);
		if (conversation == null) {
			return Optional.empty();
		}
		// Seen when it was on an agent's screen, or answered afterwards.
		Instant seen = conversation.agentSeenAt();
		Instant answered = conversation.lastAgentMessageAt();
		Instant upTo = seen == null ? answered : answered == null || seen.isAfter(answered) ? seen : answered;
		if (upTo == null) {
			return Optional.empty();
		}
		return this.messages.inboundUpTo(conversationId, upTo, Limit.of(1)).stream().findFirst().map(Message::id);
	}

	@Override
	public void customerTyping(UUID conversationId) {
		this.conversations.findById(conversationId)
			.map(c -> this.contacts.findContact(c.contactId()).map(ContactSummary::name).orElse(""))
			.ifPresent(name -> this.events.publishEvent(new ContactTyping(conversationId, name)));
	}

	@Override
	@Transactional
	public void recordEvent(UUID conversationId, String text) {
		this.messages.save(Message.event(conversationId, null, text, this.clock.instant()));
	}

	@Override
	public List<UnreadReply> unreadReplies(Channel channel, Instant createdAfter, Instant createdBefore, int limit) {
		List<Message> unread = this.messages.unreadReplies(channel, createdAfter, createdBefore, Limit.of(limit));
		Map<UUID, UUID> contacts = new HashMap<>();
		List<UnreadReply> result = new ArrayList<>();
		for (Message m : unread) {
			UUID contactId = contacts.computeIfAbsent(m.conversationId(),
					id -> this.conversations.findById(id).map(Conversation::contactId).orElse(null));
			if (contactId != null && m.channelAccountId() != null) {
				result.add(new UnreadReply(m.id(), m.conversationId(), contactId, m.channelAccountId(), m.createdAt()));
			}
		}
		return result;
	}

	@Override
	@Transactional
	public UUID resend(List<UUID> replyIds, UUID channelAccountId, String why) {
		List<Message> replies = new ArrayList<>();
		this.messages.findAllById(replyIds).forEach(replies::add);
		replies.removeIf(m -> m.direction() != MessageDirection.OUTBOUND || m.authorAgentId() == null);
		if (replies.isEmpty()) {
			throw new IllegalArgumentException("Nothing to send again: no replies of an agent among " + replyIds);
		}
		replies.sort(Comparator.comparing(Message::createdAt).thenComparing(Message::id));
		UUID conversationId = replies.getFirst().conversationId();
		if (replies.stream().anyMatch(m -> !m.conversationId().equals(conversationId))) {
			throw new IllegalArgumentException("The replies belong to more than one conversation.");
		}
		String text = replies.stream()
			.map(Message::text)
			.filter(t -> t != null && !t.isBlank())
			.collect(Collectors.joining("\n\n"));
		List<OutboundDelivery.OutboundFile> files = this.attachments
			.findByMessageIdInOrderByFileName(replies.stream().map(Message::id).toList())
			.stream()
			.map(f -> new OutboundDelivery.OutboundFile(f.fileName(), f.contentType(), f.size(), f.sha256()))
			.toList();
		this.messages.save(Message.event(conversationId, null, why, this.clock.instant()));
		return this.service
			.reply(conversationId, replies.getLast().authorAgentId(), text, channelAccountId, files)
			.id();
	}

}
