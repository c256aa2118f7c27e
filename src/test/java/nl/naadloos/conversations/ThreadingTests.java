package nl.naadloos.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.contacts.IdentityKind;
import nl.naadloos.contacts.SenderHints;
import nl.naadloos.platform.Channel;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** Threading rules over time, with a clock the test moves: continuation window, reopen, closed is final. */
@IntegrationTest
class ThreadingTests {

	static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-02T09:00:00Z"));

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		MutableClock testClock() {
			return CLOCK;
		}

	}

	@Autowired
	ConversationInbox inbox;

	@Autowired
	ConversationService service;

	@Autowired
	JdbcTemplate jdbc;

	UUID accountId;

	@BeforeEach
	void account() {
		this.accountId = UUID.randomUUID();
		this.jdbc.update("insert into channel_accounts (id, kind, name, settings, active, created_at, updated_at) "
				+ "values (?, 'API', 'Threading', '{}', true, current_timestamp, current_timestamp)", this.accountId);
	}

	@Test
	void aMessageWithinTheWindowContinuesAndAfterItStartsALinkedConversation() {
		String customer = "c-" + UUID.randomUUID();
		InboundResult first = receive(customer, "Vraag over levering");
		CLOCK.advance(Duration.ofDays(6));
		InboundResult second = receive(customer, "Nog steeds niets ontvangen");
		assertThat(second.conversationId()).isEqualTo(first.conversationId());

		CLOCK.advance(Duration.ofDays(8));
		InboundResult third = receive(customer, "Nieuwe vraag");
		assertThat(third.conversationId()).isNotEqualTo(first.conversationId());
		assertThat(this.service.conversation(third.conversationId()).previousConversationId())
			.isEqualTo(first.conversationId());
		assertThat(third.conversationNumber()).isGreaterThan(first.conversationNumber());
	}

	@Test
	void aSolvedConversationReopensWithinTheWindowAndAClosedOneNever() {
		String customer = "c-" + UUID.randomUUID();
		InboundResult first = receive(customer, "Hallo");
		UUID agent = UUID.randomUUID();
		this.service.update(first.conversationId(), agent, changes(ConversationStatus.SOLVED));
		CLOCK.advance(Duration.ofHours(2));
		InboundResult thanks = receive(customer, "Toch nog een vraag");
		Conversation reopened = this.service.conversation(first.conversationId());
		assertThat(thanks.conversationId()).isEqualTo(first.conversationId());
		assertThat(reopened.status()).isEqualTo(ConversationStatus.OPEN);
		assertThat(reopened.reopenCount()).isEqualTo(1);

		this.service.update(first.conversationId(), agent, changes(ConversationStatus.CLOSED));
		InboundResult after = receive(customer, "Weer iets");
		assertThat(after.conversationId()).isNotEqualTo(first.conversationId());
		assertThat(this.service.conversation(first.conversationId()).status()).isEqualTo(ConversationStatus.CLOSED);
	}

	@Test
	void messagesOfOneNewCustomerArrivingAtOnceLandInOneConversation() throws Exception {
		String customer = "c-" + UUID.randomUUID();
		int threads = 6;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<InboundResult>> results = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int n = i;
			Callable<InboundResult> task = () -> {
				start.await();
				return receive(customer, "Bericht " + n);
			};
			results.add(pool.submit(task));
		}
		start.countDown();
		Set<UUID> conversations = results.stream().map(f -> {
			try {
				return f.get().conversationId();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}).collect(Collectors.toSet());
		pool.shutdown();
		assertThat(conversations).hasSize(1);
		assertThat(this.jdbc.queryForObject("select count(*) from messages where conversation_id = ?", Integer.class,
				conversations.iterator().next())).isEqualTo(threads);
	}

	@Test
	void aConversationNumberTheCustomerNamesWinsOverTheMostRecentConversationButOnlyTheirOwn() {
		String customer = "c-" + UUID.randomUUID();
		InboundResult first = receive(customer, "Lamp kapot");
		CLOCK.advance(Duration.ofDays(8));
		InboundResult second = receive(customer, "Andere vraag");
		assertThat(second.conversationId()).isNotEqualTo(first.conversationId());

		InboundResult named = receive(customer, "Nog over die lamp", first.conversationNumber());
		assertThat(named.conversationId()).isEqualTo(first.conversationId());
		InboundResult unnamed = receive(customer, "En nog iets", null);
		assertThat(unnamed.conversationId()).isEqualTo(first.conversationId()); // now the most recently active

		InboundResult stranger = receive("c-" + UUID.randomUUID(), "Ik noem een ander nummer", second.conversationNumber());
		assertThat(stranger.conversationId()).isNotEqualTo(second.conversationId());
		assertThat(stranger.contactId()).isNotEqualTo(second.contactId());
	}

	InboundResult receive(String customer, String text, Long conversationNumber) {
		SenderHints sender = new SenderHints("api", this.accountId, IdentityKind.PROVIDER, customer, "Klant", null, null,
				false, "nl");
		return this.inbox.receive(new InboundEnvelope(Channel.API, this.accountId, sender, UUID.randomUUID().toString(),
				null, text, null, CLOCK.instant(), null, java.util.List.of(), conversationNumber, false));
	}

	InboundResult receive(String customer, String text) {
		SenderHints sender = new SenderHints("api", this.accountId, IdentityKind.PROVIDER, customer, "Klant", null, null,
				false, "nl");
		return this.inbox.receive(new InboundEnvelope(Channel.API, this.accountId, sender, UUID.randomUUID().toString(),
				null, text, null, CLOCK.instant(), null));
	}

	static ConversationService.ConversationChanges changes(ConversationStatus status) {
		return new ConversationService.ConversationChanges(status, null, null, false, null, false, null, null, null);
	}

}
