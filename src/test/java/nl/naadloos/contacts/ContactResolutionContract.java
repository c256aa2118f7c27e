package nl.naadloos.contacts;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import nl.naadloos.platform.InvalidRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How inbound senders become contacts, through the module's Java API as the conversations module calls
 * it. Runs on H2 ({@link ContactResolutionTests}) and on PostgreSQL ({@link ContactResolutionPostgresTests}).
 */
@RecordApplicationEvents
abstract class ContactResolutionContract {

	@Autowired
	ContactResolution resolution;

	@Autowired
	ContactDirectory directory;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ApplicationEvents events;

	@Autowired
	MergeService merging;

	@Autowired
	ContactService contacts;

	@Test
	void aFirstMessageFromANewSenderCreatesAContact() {
		UUID account = UUID.randomUUID();
		String visitor = "visitor-" + UUID.randomUUID();
		ResolvedSender resolved = this.resolution.resolve(new SenderHints("webchat", account, IdentityKind.PROVIDER,
				visitor, "Sanne de Vries", null, null, false, "nl"));

		assertThat(resolved.newContact()).isTrue();
		ContactSummary contact = this.directory.findContact(resolved.contactId()).orElseThrow();
		assertThat(contact.name()).isEqualTo("Sanne de Vries");
		assertThat(contact.language()).isEqualTo("nl");
		assertThat(this.directory.identitiesOf(resolved.contactId())).singleElement().satisfies(identity -> {
			assertThat(identity.id()).isEqualTo(resolved.identityId());
			assertThat(identity.kind()).isEqualTo(IdentityKind.PROVIDER);
			assertThat(identity.address()).isEqualTo(visitor);
			assertThat(identity.channelAccountId()).isEqualTo(account);
			assertThat(identity.verified()).isTrue();
		});
		assertThat(this.jdbc.queryForObject("select verified_by from contact_identities where id = ?", String.class,
				resolved.identityId())).isEqualTo("channel webchat");
		assertThat(this.events.stream(ContactCreated.class)).containsExactly(new ContactCreated(resolved.contactId()));
	}

	@Test
	void aSenderWithoutNameIsNamedAfterTheirAddress() {
		String mobile = mobile();
		ResolvedSender resolved = this.resolution.resolve(
				new SenderHints("sms", UUID.randomUUID(), IdentityKind.PHONE, "06" + mobile, null, null, null, false, null));
		assertThat(this.directory.findContact(resolved.contactId()).orElseThrow().name()).isEqualTo("+31 6 " + mobile);
		assertThat(this.directory.identitiesOf(resolved.contactId())).singleElement().satisfies(identity -> {
			assertThat(identity.address()).isEqualTo("+316" + mobile);
			assertThat(identity.channelAccountId()).isNull();
		});
	}

	@Test
	void theSameSenderAgainResolvesToTheSameContactAndMovesLastSeenToTheMinute() {
		SenderHints sender = new SenderHints("email", UUID.randomUUID(), IdentityKind.EMAIL,
				"Klant." + UUID.randomUUID() + "@Example.nl", "Klant", null, null, false, null);
		ResolvedSender first = this.resolution.resolve(sender);
		Timestamp firstSeen = lastSeen(first.identityId());

		ResolvedSender again = this.resolution.resolve(sender);
		assertThat(again.newContact()).isFalse();
		assertThat(again.contactId()).isEqualTo(first.contactId());
		assertThat(again.identityId()).isEqualTo(first.identityId());
		assertThat(this.events.stream(ContactCreated.class)).hasSize(1);
		// Within a minute "last seen" is not rewritten for every message.
		assertThat(lastSeen(first.identityId())).isEqualTo(firstSeen);

		Timestamp earlier = Timestamp.from(firstSeen.toInstant().minusSeconds(90));
		this.jdbc.update("update contact_identities set first_seen_at = ?, last_seen_at = ? where id = ?", earlier,
				earlier, first.identityId());
		this.resolution.resolve(sender);
		assertThat(lastSeen(first.identityId())).isAfter(earlier);
		assertThat(this.jdbc.queryForObject("select first_seen_at from contact_identities where id = ?", Timestamp.class,
				first.identityId())).isEqualTo(earlier);
	}

	@Test
	void twoTrustedAccountsWithTheSamePhoneInDifferentFormatsShareOneContact() {
		String mobile = mobile();
		UUID shop = UUID.randomUUID();
		UUID app = UUID.randomUUID();
		ResolvedSender viaShop = this.resolution.resolve(new SenderHints("api", shop, IdentityKind.PROVIDER, "customer-17",
				"Jan Jansen", null, "06 " + mobile, true, null));
		ResolvedSender viaApp = this.resolution.resolve(new SenderHints("api", app, IdentityKind.PROVIDER, "u-9",
				"J. Jansen", null, "+31 6 " + mobile.substring(0, 4) + " " + mobile.substring(4), true, null));

		assertThat(viaApp.contactId()).isEqualTo(viaShop.contactId());
		assertThat(viaApp.newContact()).isFalse();
		assertThat(viaApp.identityId()).isNotEqualTo(viaShop.identityId());
		List<IdentitySummary> identities = this.directory.identitiesOf(viaShop.contactId());
		assertThat(identities).extracting(IdentitySummary::address)
			.containsExactlyInAnyOrder("+316" + mobile, "customer-17", "u-9");
		assertThat(identities).allMatch(IdentitySummary::verified);
		assertThat(this.jdbc.queryForObject("select verified_by from contact_identities where id = ?", String.class,
				viaApp.identityId())).isEqualTo("trusted channel account " + app);
		assertThat(openSuggestionsOf(viaShop.contactId())).isZero();
	}

	@Test
	void anAddressTypedInUnverifiedGoesToItsOwnerWhenTheOwnerWritesInFromIt() {
		String email = "eigenaar." + UUID.randomUUID() + "@example.nl";
		ResolvedSender typist = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(),
				IdentityKind.PROVIDER, "visitor-" + UUID.randomUUID(), "Iemand", email, null, false, null));
		assertThat(this.directory.identitiesOf(typist.contactId())).extracting(IdentitySummary::address).contains(email);

		ResolvedSender owner = this.resolution.resolve(new SenderHints("email", UUID.randomUUID(), IdentityKind.EMAIL,
				email, "De Eigenaar", null, null, false, null));

		assertThat(owner.newContact()).isTrue();
		assertThat(owner.contactId()).isNotEqualTo(typist.contactId());
		assertThat(this.directory.identitiesOf(owner.contactId())).singleElement().satisfies(identity -> {
			assertThat(identity.address()).isEqualTo(email);
			assertThat(identity.verified()).isTrue();
		});
		assertThat(this.directory.identitiesOf(typist.contactId())).extracting(IdentitySummary::address)
			.doesNotContain(email);
		assertThat(openSuggestionsOf(owner.contactId())).isEqualTo(1);
	}

	@Test
	void anUntrustedAccountWithTheSamePhoneOnlyProducesAMergeSuggestion() {
		String mobile = mobile();
		ResolvedSender trusted = this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER,
				"customer-" + mobile, "Jan Jansen", null, "06 " + mobile, true, null));
		UUID phoneIdentity = phoneIdentityId("+316" + mobile);

		ResolvedSender untrusted = this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER,
				"anonymous-" + mobile, "Jan", null, "+31 6 " + mobile, false, null));

		assertThat(untrusted.newContact()).isTrue();
		assertThat(untrusted.contactId()).isNotEqualTo(trusted.contactId());
		assertThat(this.directory.identitiesOf(untrusted.contactId())).extracting(IdentitySummary::address)
			.containsExactly("anonymous-" + mobile);
		assertThat(this.jdbc.queryForObject("select contact_id from contact_identities where id = ?", UUID.class,
				phoneIdentity)).isEqualTo(trusted.contactId());
		List<Map<String, Object>> suggestions = this.jdbc.queryForList(
				"select contact_id, other_contact_id, reason from contact_merge_suggestions where status = 'OPEN' and contact_id = ?",
				untrusted.contactId());
		assertThat(suggestions).singleElement().satisfies(suggestion -> {
			assertThat(suggestion.get("other_contact_id")).isEqualTo(trusted.contactId());
			assertThat(suggestion.get("reason"))
				.isEqualTo("Same phone number +316" + mobile + " given on channel api (unverified)");
		});

		assertThat(this.events.stream(MergeSuggested.class)).singleElement().satisfies(event -> {
			assertThat(event.contactId()).isEqualTo(untrusted.contactId());
			assertThat(event.otherContactId()).isEqualTo(trusted.contactId());
			assertThat(event.reason()).contains("+316" + mobile);
		});

		this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER, "anonymous-" + mobile,
				"Jan", null, "06" + mobile, false, null));
		assertThat(openSuggestionsOf(untrusted.contactId())).as("no second suggestion for the same pair").isEqualTo(1);
	}

	@Test
	void anUnverifiedHintJoinsTheContactUnverifiedAndATrustedAccountVerifiesItLater() {
		String email = "hint." + UUID.randomUUID() + "@example.nl";
		UUID account = UUID.randomUUID();
		ResolvedSender resolved = this.resolution.resolve(new SenderHints("api", account, IdentityKind.PROVIDER,
				"p-" + email, null, email, null, false, null));
		assertThat(this.directory.identitiesOf(resolved.contactId()))
			.filteredOn(i -> i.kind() == IdentityKind.EMAIL)
			.singleElement()
			.satisfies(identity -> assertThat(identity.verified()).isFalse());

		this.resolution.resolve(new SenderHints("api", account, IdentityKind.PROVIDER, "p-" + email, null, email, null,
				true, null));
		assertThat(this.directory.identitiesOf(resolved.contactId()))
			.filteredOn(i -> i.kind() == IdentityKind.EMAIL)
			.singleElement()
			.satisfies(identity -> assertThat(identity.verified()).isTrue());
	}

	@Test
	void whatsappIdsAndSmsNumbersAreTheSamePhoneIdentity() {
		String mobile = mobile();
		ResolvedSender sms = this.resolution.resolve(
				new SenderHints("sms", UUID.randomUUID(), IdentityKind.PHONE, "06" + mobile, null, null, null, false, null));
		ResolvedSender whatsapp = this.resolution.resolve(new SenderHints("whatsapp", UUID.randomUUID(), IdentityKind.PHONE,
				"316" + mobile, "Jan", null, null, false, null));
		assertThat(whatsapp.contactId()).isEqualTo(sms.contactId());
		assertThat(whatsapp.identityId()).isEqualTo(sms.identityId());
	}

	@Test
	void anInvalidHintIsIgnoredButAnInvalidPrimaryAddressIsRefused() {
		ResolvedSender resolved = this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER,
				"typo-" + UUID.randomUUID(), "Piet", "not an address", "call me", true, null));
		assertThat(this.directory.identitiesOf(resolved.contactId())).hasSize(1);

		assertThatThrownBy(() -> this.resolution.resolve(new SenderHints("sms", UUID.randomUUID(), IdentityKind.PHONE,
				"12", null, null, null, false, null))).isInstanceOf(InvalidRequest.class);
		assertThatThrownBy(() -> this.resolution.resolve(new SenderHints("email", UUID.randomUUID(), IdentityKind.EMAIL,
				"no-at-sign", null, null, null, false, null))).isInstanceOf(InvalidRequest.class);
	}

	@Test
	void concurrentFirstMessagesOfOneNewSenderCreateOneContact() throws Exception {
		String name = "Concurrent " + UUID.randomUUID();
		String mobile = mobile();
		SenderHints sender = new SenderHints("whatsapp", UUID.randomUUID(), IdentityKind.PHONE, "316" + mobile, name,
				"c." + mobile + "@example.nl", null, false, "en");
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<ResolvedSender>> results = new ArrayList<>();
		try {
			for (int i = 0; i < threads; i++) {
				results.add(pool.submit(() -> {
					ready.countDown();
					go.await();
					return this.resolution.resolve(sender);
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			List<ResolvedSender> resolved = new ArrayList<>();
			for (Future<ResolvedSender> result : results) {
				resolved.add(result.get(60, TimeUnit.SECONDS));
			}
			assertThat(resolved).extracting(ResolvedSender::contactId).containsOnly(resolved.get(0).contactId());
			assertThat(resolved).filteredOn(ResolvedSender::newContact).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.queryForObject("select count(*) from contacts where name = ?", Integer.class, name))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from contact_identities where address in (?, ?)",
				Integer.class, "+316" + mobile, "c." + mobile + "@example.nl")).isEqualTo(2);
	}

	@Test
	void aMergedContactIsFollowedToTheContactItLivesIn() {
		ResolvedSender one = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(), IdentityKind.PROVIDER,
				"v-" + UUID.randomUUID(), null, null, null, false, null));
		ResolvedSender two = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(), IdentityKind.PROVIDER,
				"v-" + UUID.randomUUID(), null, null, null, false, null));
		assertThat(this.directory.currentContactId(two.contactId())).isEqualTo(two.contactId());

		ContactMerge merge = this.merging.merge(one.contactId(), two.contactId(), null);
		assertThat(this.events.stream(ContactsMerged.class))
			.containsExactly(new ContactsMerged(merge.id(), one.contactId(), two.contactId()));
		assertThat(this.directory.currentContactId(two.contactId())).isEqualTo(one.contactId());
		assertThat(this.directory.findContact(two.contactId())).isPresent();
		assertThat(this.directory.identitiesOf(two.contactId())).isEmpty();
		assertThat(this.directory.identitiesOf(one.contactId())).hasSize(2);
		UUID unknown = UUID.randomUUID();
		assertThat(this.directory.currentContactId(unknown)).isEqualTo(unknown);

		this.merging.undo(merge.id(), null);
		assertThat(this.events.stream(ContactsUnmerged.class))
			.containsExactly(new ContactsUnmerged(merge.id(), one.contactId(), two.contactId()));
		assertThat(this.directory.currentContactId(two.contactId())).isEqualTo(two.contactId());
		assertThat(this.directory.identitiesOf(two.contactId())).hasSize(1);
	}

	@Test
	void erasingAContactIsAnnouncedForItAndForTheContactsMergedIntoIt() {
		ResolvedSender one = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(), IdentityKind.PROVIDER,
				"v-" + UUID.randomUUID(), null, null, null, false, null));
		ResolvedSender two = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(), IdentityKind.PROVIDER,
				"v-" + UUID.randomUUID(), null, null, null, false, null));
		this.merging.merge(one.contactId(), two.contactId(), null);

		this.contacts.delete(one.contactId(), UUID.randomUUID());
		assertThat(this.events.stream(ContactDeleted.class)).containsExactly(new ContactDeleted(two.contactId()),
				new ContactDeleted(one.contactId()));
		assertThat(this.directory.findContact(one.contactId())).isEmpty();
		assertThat(this.directory.findContact(two.contactId())).isEmpty();
	}

	Timestamp lastSeen(UUID identityId) {
		return this.jdbc.queryForObject("select last_seen_at from contact_identities where id = ?", Timestamp.class,
				identityId);
	}

	UUID phoneIdentityId(String e164) {
		return this.jdbc.queryForObject("select id from contact_identities where kind = 'PHONE' and address = ?",
				UUID.class, e164);
	}

	int openSuggestionsOf(UUID contactId) {
		return this.jdbc.queryForObject(
				"select count(*) from contact_merge_suggestions where status = 'OPEN' and (contact_id = ? or other_contact_id = ?)",
				Integer.class, contactId, contactId);
	}

	/** The eight digits after 06 of a Dutch mobile number no other test uses. */
	static String mobile() {
		return "1" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
	}

}
