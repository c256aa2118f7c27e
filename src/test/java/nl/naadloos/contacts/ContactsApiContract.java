package nl.naadloos.contacts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.naadloos.accounts.AccountsTestSupport;
import nl.naadloos.support.TestApi;
import nl.naadloos.support.TestApi.Response;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an integrator and the agent screens see of contacts, identities, merges and merge suggestions
 * through the REST API, and what is stored. Runs on H2 ({@link ContactsApiTests}) and on PostgreSQL
 * ({@link ContactsApiPostgresTests}).
 */
abstract class ContactsApiContract {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ContactResolution resolution;

	@Autowired
	ApplicationContext context;

	TestApi admin;

	String adminId;

	@BeforeEach
	void setUp() {
		this.admin = TestApi.asAdmin(this.port);
		this.adminId = this.admin.get("/api/v1/me").text("id");
	}

	@Test
	void contactsAreCreatedReadChangedAndErased() {
		String mobile = mobile();
		String email = unique("Sanne@Example.nl");
		Response created = this.admin.post("/api/v1/contacts", json(Map.of("name", "Sanne de Vries", "language", "nl",
				"company", "Bakkerij De Vries", "notes", "Prefers WhatsApp.", "attributes",
				List.of(attribute("customerNumber", "text", "K-1001"), attribute("lifetimeValue", "number", "1250.50"),
						attribute("birthday", "date", "1990-04-27"),
						Map.of("key", "tier", "type", "choice", "value", "gold", "options", List.of("silver", "gold"))),
				"identities", List.of(Map.of("kind", "email", "address", email), Map.of("kind", "phone", "address",
						"06 " + mobile)))));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.text("id");
		assertThat(created.header("Location")).isEqualTo("/api/v1/contacts/" + id);

		JsonNode contact = this.admin.get("/api/v1/contacts/" + id).json();
		assertThat(contact.path("name").asString()).isEqualTo("Sanne de Vries");
		assertThat(contact.path("language").asString()).isEqualTo("nl");
		assertThat(contact.path("company").asString()).isEqualTo("Bakkerij De Vries");
		assertThat(contact.path("notes").asString()).isEqualTo("Prefers WhatsApp.");
		assertThat(contact.path("mergedInto").isNull()).isTrue();
		assertThat(attributes(contact)).containsExactly(Map.entry("birthday", "date:1990-04-27"),
				Map.entry("customerNumber", "text:K-1001"), Map.entry("lifetimeValue", "number:1250.5"),
				Map.entry("tier", "choice:gold"));
		assertThat(contact.path("attributes").get(3).path("options").toString()).isEqualTo("[\"silver\",\"gold\"]");
		JsonNode emailIdentity = contact.path("identities").get(0);
		assertThat(emailIdentity.path("kind").asString()).isEqualTo("email");
		assertThat(emailIdentity.path("address").asString()).isEqualTo(email.toLowerCase());
		assertThat(emailIdentity.path("displayAddress").asString()).isEqualTo(email);
		assertThat(emailIdentity.path("verified").asBoolean()).isFalse();
		assertThat(emailIdentity.path("source").asString()).isEqualTo("agent " + this.adminId);
		JsonNode phoneIdentity = contact.path("identities").get(1);
		assertThat(phoneIdentity.path("address").asString()).isEqualTo("+316" + mobile);
		assertThat(phoneIdentity.path("displayAddress").asString()).isEqualTo("+31 6 " + mobile);
		assertThat(phoneIdentity.path("channelAccountId").isNull()).isTrue();

		Response changed = this.admin.patch("/api/v1/contacts/" + id, json(Map.of("name", "Sanne Jansen", "company", "",
				"attributes", List.of(Map.of("key", "tier", "value", "silver"), attribute("lifetimeValue", "number", null)))));
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.text("name")).isEqualTo("Sanne Jansen");
		assertThat(changed.json().path("company").isNull()).isTrue();
		assertThat(changed.text("language")).isEqualTo("nl");
		assertThat(attributes(changed.json())).containsExactly(Map.entry("birthday", "date:1990-04-27"),
				Map.entry("customerNumber", "text:K-1001"), Map.entry("tier", "choice:silver"));

		Response erased = this.admin.delete("/api/v1/contacts/" + id);
		assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
		assertThat(count("select count(*) from contacts where id = ?", UUID.fromString(id))).isZero();
		assertThat(count("select count(*) from contact_identities where contact_id = ?", UUID.fromString(id))).isZero();
		assertThat(count("select count(*) from contact_attributes where contact_id = ?", UUID.fromString(id))).isZero();
		Response audit = this.admin.get("/api/v1/contacts/" + id + "/audit");
		assertThat(audit.status()).isEqualTo(200);
		assertThat(audit.json().path("items")).singleElement().satisfies(entry -> {
			assertThat(entry.path("action").asString()).isEqualTo("deleted");
			assertThat(entry.path("agentId").asString()).isEqualTo(this.adminId);
			assertThat(entry.path("detail").asString()).doesNotContain("Sanne", mobile, email.toLowerCase());
		});
		assertThat(this.admin.get("/api/v1/contacts/" + UUID.randomUUID() + "/audit").status()).isEqualTo(404);
	}

	@Test
	void onlyAdminsEraseContacts() {
		String id = createContact("Erase Me " + UUID.randomUUID()).text("id");
		TestApi agent = this.admin.as(agentToken());
		assertThat(agent.get("/api/v1/contacts/" + id).status()).isEqualTo(200);
		assertThat(agent.patch("/api/v1/contacts/" + id, json(Map.of("notes", "Called back."))).status()).isEqualTo(200);
		Response refused = agent.delete("/api/v1/contacts/" + id);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(this.admin.get("/api/v1/contacts/" + id).status()).isEqualTo(200);
		assertThat(this.admin.get("/api/v1/contacts").status()).isEqualTo(200);
		assertThat(this.admin.anonymous().get("/api/v1/contacts").status()).isEqualTo(401);
	}

	@Test
	void searchFindsContactsByNameEmailAndPhoneInAnyFormat() {
		String marker = "Zoek" + UUID.randomUUID().toString().substring(0, 8);
		String mobile = mobile();
		String email = unique("jan@bücher.de");
		String id = this.admin.post("/api/v1/contacts", json(Map.of("name", "Jan " + marker + " Jansen", "identities",
				List.of(Map.of("kind", "email", "address", email), Map.of("kind", "phone", "address", "+316" + mobile)))))
			.text("id");
		createContact("Piet " + marker);

		assertThat(search(marker.toLowerCase())).hasSize(2);
		assertThat(search("jan " + marker.toUpperCase())).containsExactly(id);
		assertThat(search(email.toUpperCase())).containsExactly(id);
		assertThat(search(email.substring(0, email.indexOf('@')))).containsExactly(id);
		assertThat(search("06 " + mobile)).containsExactly(id);
		assertThat(search("06-" + mobile)).containsExactly(id);
		assertThat(search("+31 6 " + mobile.substring(0, 4) + " " + mobile.substring(4))).containsExactly(id);
		assertThat(search("0031 6 " + mobile)).containsExactly(id);
		assertThat(search(mobile)).containsExactly(id);
		assertThat(search("%")).as("a percent sign is searched for, not a wildcard").isEmpty();
		assertThat(search("nobody-" + marker)).isEmpty();
	}

	@Test
	void contactsArePagedByNameWithACursorWithoutGapsOrRepeats() {
		String marker = "Page" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 7; i++) {
			createContact(marker + " " + (char) ('G' - i));
		}
		Set<String> seen = new HashSet<>();
		List<String> names = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Response page = this.admin.get("/api/v1/contacts?limit=3&q=" + marker + (cursor == null ? "" : "&cursor=" + cursor));
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().path("items").forEach(item -> {
				assertThat(seen.add(item.path("id").asString())).isTrue();
				names.add(item.path("name").asString());
			});
			JsonNode next = page.json().path("nextCursor");
			cursor = next.isNull() ? null : next.asString();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSize(7);
		assertThat(pages).isEqualTo(3);
		assertThat(names).isSorted();
		assertThat(this.admin.get("/api/v1/contacts?cursor=not-a-cursor").status()).isEqualTo(400);
		assertThat(this.admin.get("/api/v1/contacts?limit=0").status()).isEqualTo(400);
	}

	@Test
	void identitiesCanBeAddedVerifiedAndRemoved() {
		String id = createContact("Identities " + UUID.randomUUID()).text("id");
		String mobile = mobile();
		UUID account = UUID.randomUUID();

		Response phone = this.admin.post("/api/v1/contacts/" + id + "/identities",
				json(Map.of("kind", "phone", "address", "0031 6 " + mobile)));
		assertThat(phone.status()).as(phone.toString()).isEqualTo(201);
		assertThat(phone.text("address")).isEqualTo("+316" + mobile);
		assertThat(phone.json().path("verified").asBoolean()).isFalse();
		String phoneId = phone.text("id");
		assertThat(phone.header("Location")).isEqualTo("/api/v1/contacts/" + id + "/identities/" + phoneId);

		Response provider = this.admin.post("/api/v1/contacts/" + id + "/identities",
				json(Map.of("kind", "provider", "address", "PSID-" + mobile, "channelAccountId", account.toString())));
		assertThat(provider.status()).as(provider.toString()).isEqualTo(201);
		assertThat(provider.text("channelAccountId")).isEqualTo(account.toString());

		Response verified = this.admin.post("/api/v1/contacts/" + id + "/identities/" + phoneId + "/verify", null);
		assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
		assertThat(verified.json().path("verified").asBoolean()).isTrue();
		assertThat(verified.text("verifiedBy")).isEqualTo("agent " + this.adminId);

		Response list = this.admin.get("/api/v1/contacts/" + id + "/identities");
		assertThat(list.json()).hasSize(2);
		assertThat(this.admin.delete("/api/v1/contacts/" + id + "/identities/" + phoneId).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/contacts/" + id + "/identities").json()).singleElement()
			.satisfies(identity -> assertThat(identity.path("kind").asString()).isEqualTo("provider"));
		assertThat(this.admin.delete("/api/v1/contacts/" + id + "/identities/" + phoneId).status()).isEqualTo(404);
		String other = createContact("Other " + UUID.randomUUID()).text("id");
		assertThat(this.admin.delete("/api/v1/contacts/" + other + "/identities/" + provider.text("id")).status())
			.as("an identity is only reachable through its own contact")
			.isEqualTo(404);
	}

	@Test
	void anAddressThatBelongsToAnotherContactIsAConflictAndStoresNothing() {
		String email = unique("dup@example.nl");
		String mobile = mobile();
		String owner = this.admin.post("/api/v1/contacts", json(Map.of("name", "Owner", "identities",
				List.of(Map.of("kind", "email", "address", email), Map.of("kind", "phone", "address", "06" + mobile)))))
			.text("id");
		String name = "Second " + UUID.randomUUID();
		int identitiesBefore = count("select count(*) from contact_identities");

		Response second = this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "phone", "address", "+31 6 " + mobile),
						Map.of("kind", "email", "address", email.toUpperCase())))));
		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.header("Content-Type")).startsWith("application/problem+json");
		assertThat(second.text("type")).endsWith("/identity-taken");
		assertThat(second.text("detail")).contains(owner);
		assertThat(second.text("contactId")).isEqualTo(owner);
		assertThat(count("select count(*) from contacts where name = ?", name)).isZero();
		assertThat(count("select count(*) from contact_identities")).isEqualTo(identitiesBefore);

		String third = createContact("Third " + UUID.randomUUID()).text("id");
		Response added = this.admin.post("/api/v1/contacts/" + third + "/identities",
				json(Map.of("kind", "email", "address", " " + email + " ")));
		assertThat(added.status()).isEqualTo(409);
		assertThat(added.text("contactId")).isEqualTo(owner);
		assertThat(this.admin.get("/api/v1/contacts/" + third + "/identities").json()).isEmpty();

		Response twice = this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "phone", "address", "06" + mobile()), Map.of("kind", "phone", "address", "06" + mobile())))));
		assertThat(twice.status()).isEqualTo(201);
	}

	@Test
	void mergeMovesIdentitiesAttributesAndNotesAndUndoRestoresThemExactly() {
		String survivor = this.admin.post("/api/v1/contacts", json(Map.of("name", "Jan Jansen", "notes", "Called about order 1.",
				"attributes", List.of(Map.of("key", "tier", "type", "choice", "value", "gold", "options", List.of("silver", "gold"))),
				"identities", List.of(Map.of("kind", "email", "address", unique("jan@example.nl"))))))
			.text("id");
		String other = this.admin.post("/api/v1/contacts", json(Map.of("name", "J. Jansen", "language", "en", "company",
				"Jansen BV", "notes", "Asked for an invoice.", "attributes",
				List.of(Map.of("key", "tier", "type", "choice", "value", "silver", "options", List.of("silver", "gold")),
						attribute("since", "date", "2020-01-31")),
				"identities", List.of(Map.of("kind", "phone", "address", "06" + mobile()),
						Map.of("kind", "email", "address", unique("j.jansen@example.nl"))))))
			.text("id");
		JsonNode survivorBefore = withoutUpdatedAt(this.admin.get("/api/v1/contacts/" + survivor).json());
		JsonNode otherBefore = withoutUpdatedAt(this.admin.get("/api/v1/contacts/" + other).json());
		List<String> otherIdentities = ids(otherBefore.path("identities"));

		Response merged = this.admin.post("/api/v1/contacts/" + survivor + "/merge", json(Map.of("otherContactId", other)));
		assertThat(merged.status()).as(merged.toString()).isEqualTo(201);
		String mergeId = merged.text("id");
		assertThat(merged.header("Location")).isEqualTo("/api/v1/contacts/merges/" + mergeId);
		assertThat(ids(merged.json().path("identityIds"))).containsExactlyInAnyOrderElementsOf(otherIdentities);
		assertThat(merged.json().path("attributeKeys").toString()).isEqualTo("[\"since\"]");
		assertThat(merged.text("mergedBy")).isEqualTo(this.adminId);

		JsonNode survivorAfter = this.admin.get("/api/v1/contacts/" + survivor).json();
		assertThat(survivorAfter.path("identities")).hasSize(3);
		assertThat(attributes(survivorAfter)).containsExactly(Map.entry("since", "date:2020-01-31"),
				Map.entry("tier", "choice:gold"));
		assertThat(survivorAfter.path("language").asString()).isEqualTo("en");
		assertThat(survivorAfter.path("company").asString()).isEqualTo("Jansen BV");
		assertThat(survivorAfter.path("notes").asString()).isEqualTo("Called about order 1.\n\nAsked for an invoice.");
		JsonNode otherAfter = this.admin.get("/api/v1/contacts/" + other).json();
		assertThat(otherAfter.path("mergedInto").asString()).isEqualTo(survivor);
		assertThat(otherAfter.path("identities")).isEmpty();
		assertThat(search("J. Jansen")).doesNotContain(other);
		Response changeMerged = this.admin.patch("/api/v1/contacts/" + other, json(Map.of("name", "Changed")));
		assertThat(changeMerged.status()).isEqualTo(409);
		assertThat(changeMerged.text("mergedInto")).isEqualTo(survivor);

		Response undone = this.admin.post("/api/v1/contacts/merges/" + mergeId + "/undo", null);
		assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
		assertThat(undone.text("undoneBy")).isEqualTo(this.adminId);
		assertThat(withoutUpdatedAt(this.admin.get("/api/v1/contacts/" + survivor).json())).isEqualTo(survivorBefore);
		assertThat(withoutUpdatedAt(this.admin.get("/api/v1/contacts/" + other).json())).isEqualTo(otherBefore);
		assertThat(search("J. Jansen")).contains(other);

		Response again = this.admin.post("/api/v1/contacts/merges/" + mergeId + "/undo", null);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.text("type")).endsWith("/unmerge-not-possible");
		assertThat(this.admin.get("/api/v1/contacts/merges/" + mergeId).text("undoneAt")).isNotBlank();
		assertThat(actions(survivor)).contains("merged", "unmerged");
		assertThat(actions(other)).contains("merged-into", "unmerged");
	}

	@Test
	void undoKeepsWhatAgentsChangedAfterTheMerge() {
		String survivor = this.admin.post("/api/v1/contacts", json(Map.of("name", "Keep A", "notes", "A."))).text("id");
		String other = this.admin.post("/api/v1/contacts", json(Map.of("name", "Keep B", "notes", "B.", "company", "B BV")))
			.text("id");
		String mergeId = this.admin.post("/api/v1/contacts/" + survivor + "/merge", json(Map.of("otherContactId", other)))
			.text("id");
		this.admin.patch("/api/v1/contacts/" + survivor, json(Map.of("notes", "Rewritten after the merge.")));

		assertThat(this.admin.post("/api/v1/contacts/merges/" + mergeId + "/undo", null).status()).isEqualTo(200);
		JsonNode after = this.admin.get("/api/v1/contacts/" + survivor).json();
		assertThat(after.path("notes").asString()).isEqualTo("Rewritten after the merge.");
		assertThat(after.path("company").isNull()).isTrue();
	}

	@Test
	void mergingWithItselfOrAnAlreadyMergedContactIsAConflict() {
		String a = createContact("Merge A " + UUID.randomUUID()).text("id");
		String b = createContact("Merge B " + UUID.randomUUID()).text("id");
		String c = createContact("Merge C " + UUID.randomUUID()).text("id");

		Response itself = this.admin.post("/api/v1/contacts/" + a + "/merge", json(Map.of("otherContactId", a)));
		assertThat(itself.status()).isEqualTo(409);
		assertThat(itself.text("type")).endsWith("/merge-not-possible");
		assertThat(this.admin.post("/api/v1/contacts/" + a + "/merge", json(Map.of("otherContactId", b))).status())
			.isEqualTo(201);
		assertThat(this.admin.post("/api/v1/contacts/" + c + "/merge", json(Map.of("otherContactId", b))).status())
			.isEqualTo(409);
		assertThat(this.admin.post("/api/v1/contacts/" + b + "/merge", json(Map.of("otherContactId", c))).status())
			.isEqualTo(409);
		assertThat(this.admin.post("/api/v1/contacts/" + a + "/merge", json(Map.of("otherContactId", UUID.randomUUID())))
			.status()).isEqualTo(404);
		assertThat(this.admin.post("/api/v1/contacts/merges/" + UUID.randomUUID() + "/undo", null).status()).isEqualTo(404);
		Response merged = this.admin.delete("/api/v1/contacts/" + b);
		assertThat(merged.status()).as("a merged contact is erased with the one it lives in").isEqualTo(409);
	}

	@Test
	void erasingAContactErasesTheContactsMergedIntoIt() {
		String survivor = createContact("Erase S " + UUID.randomUUID()).text("id");
		String other = this.admin.post("/api/v1/contacts", json(Map.of("name", "Erase O", "identities",
				List.of(Map.of("kind", "phone", "address", "06" + mobile()))))).text("id");
		this.admin.post("/api/v1/contacts/" + survivor + "/merge", json(Map.of("otherContactId", other)));

		assertThat(this.admin.delete("/api/v1/contacts/" + survivor).status()).isEqualTo(204);
		assertThat(this.admin.get("/api/v1/contacts/" + other).status()).isEqualTo(404);
		assertThat(count("select count(*) from contact_merges where merged_id = ?", UUID.fromString(other))).isZero();
		assertThat(count("select count(*) from contact_identities where contact_id in (?, ?)", UUID.fromString(survivor),
				UUID.fromString(other))).isZero();
	}

	@Test
	void aMergeSuggestionCanBeAccepted() {
		String mobile = mobile();
		ResolvedSender known = this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER,
				"shop-" + mobile, "Jan Jansen", null, "06" + mobile, true, null));
		ResolvedSender stranger = this.resolution.resolve(new SenderHints("webchat", UUID.randomUUID(),
				IdentityKind.PROVIDER, "visitor-" + mobile, "Jan", null, "+31 6 " + mobile, false, null));

		Response open = this.admin.get("/api/v1/contacts/merge-suggestions?status=open&contactId=" + stranger.contactId());
		assertThat(open.status()).as(open.toString()).isEqualTo(200);
		JsonNode suggestion = open.json().path("items").get(0);
		assertThat(open.json().path("items")).hasSize(1);
		assertThat(suggestion.path("otherContactId").asString()).isEqualTo(known.contactId().toString());
		assertThat(suggestion.path("reason").asString())
			.isEqualTo("Same phone number +316" + mobile + " given on channel webchat (unverified)");
		assertThat(suggestion.path("status").asString()).isEqualTo("open");
		String suggestionId = suggestion.path("id").asString();

		Response accepted = this.admin.post("/api/v1/contacts/merge-suggestions/" + suggestionId + "/accept", null);
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
		assertThat(accepted.text("survivorId")).isEqualTo(known.contactId().toString());
		assertThat(accepted.text("mergedId")).isEqualTo(stranger.contactId().toString());
		assertThat(accepted.text("suggestionId")).isEqualTo(suggestionId);
		assertThat(this.admin.get("/api/v1/contacts/" + stranger.contactId()).text("mergedInto"))
			.isEqualTo(known.contactId().toString());
		JsonNode decided = this.admin
			.get("/api/v1/contacts/merge-suggestions?status=accepted&contactId=" + known.contactId())
			.json()
			.path("items")
			.get(0);
		assertThat(decided.path("id").asString()).isEqualTo(suggestionId);
		assertThat(decided.path("decidedBy").asString()).isEqualTo(this.adminId);
		assertThat(decided.path("mergeId").asString()).isEqualTo(accepted.text("id"));
		assertThat(this.admin.get("/api/v1/contacts/merge-suggestions?contactId=" + stranger.contactId())
			.json()
			.path("items")).isEmpty();
		assertThat(this.admin.post("/api/v1/contacts/merge-suggestions/" + suggestionId + "/accept", null).status())
			.isEqualTo(409);
		assertThat(actions(known.contactId().toString())).contains("merge-suggested", "suggestion-accepted", "merged");
	}

	@Test
	void aMergeSuggestionCanBeDismissed() {
		String email = unique("klant@example.nl");
		ResolvedSender known = this.resolution.resolve(new SenderHints("email", UUID.randomUUID(), IdentityKind.EMAIL,
				email, "Klant", null, null, false, null));
		ResolvedSender stranger = this.resolution.resolve(new SenderHints("api", UUID.randomUUID(), IdentityKind.PROVIDER,
				"form-" + email, "Iemand", email.toUpperCase(), null, false, null));
		String suggestionId = this.admin.get("/api/v1/contacts/merge-suggestions?contactId=" + known.contactId())
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString();

		Response dismissed = this.admin.post("/api/v1/contacts/merge-suggestions/" + suggestionId + "/dismiss", null);
		assertThat(dismissed.status()).as(dismissed.toString()).isEqualTo(200);
		assertThat(dismissed.text("status")).isEqualTo("dismissed");
		assertThat(this.admin.get("/api/v1/contacts/merge-suggestions?contactId=" + known.contactId()).json().path("items"))
			.isEmpty();
		assertThat(this.admin.get("/api/v1/contacts/" + stranger.contactId()).json().path("mergedInto").isNull()).isTrue();
		Response acceptLate = this.admin.post("/api/v1/contacts/merge-suggestions/" + suggestionId + "/accept", null);
		assertThat(acceptLate.status()).isEqualTo(409);
		assertThat(acceptLate.text("type")).endsWith("/suggestion-decided");
		assertThat(this.admin.post("/api/v1/contacts/merge-suggestions/" + UUID.randomUUID() + "/dismiss", null).status())
			.isEqualTo(404);
		assertThat(actions(stranger.contactId().toString())).contains("suggestion-dismissed");
		assertThat(this.admin.get("/api/v1/contacts/merge-suggestions?status=maybe").status()).isEqualTo(400);
	}

	@Test
	void changesAreAuditedWithTheAgentWhoMadeThem() {
		String id = createContact("Audit " + UUID.randomUUID()).text("id");
		this.admin.patch("/api/v1/contacts/" + id, json(Map.of("company", "Audit BV")));
		this.admin.post("/api/v1/contacts/" + id + "/identities", json(Map.of("kind", "phone", "address", "06" + mobile())));

		JsonNode entries = this.admin.get("/api/v1/contacts/" + id + "/audit").json().path("items");
		assertThat(entries).hasSize(3);
		assertThat(entries.get(0).path("action").asString()).isEqualTo("identity-added");
		assertThat(entries.get(1).path("action").asString()).isEqualTo("updated");
		assertThat(entries.get(1).path("detail").asString()).contains("company");
		assertThat(entries.get(2).path("action").asString()).isEqualTo("created");
		entries.forEach(entry -> assertThat(entry.path("agentId").asString()).isEqualTo(this.adminId));
		Response firstPage = this.admin.get("/api/v1/contacts/" + id + "/audit?limit=2");
		Response secondPage = this.admin.get(
				"/api/v1/contacts/" + id + "/audit?limit=2&cursor=" + firstPage.json().path("nextCursor").asString());
		assertThat(secondPage.json().path("items")).singleElement()
			.satisfies(entry -> assertThat(entry.path("action").asString()).isEqualTo("created"));
	}

	@Test
	void badInputIsRefusedWithProblemDetailsAndStoresNothing() {
		String name = "Bad " + UUID.randomUUID();
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "attributes",
				List.of(attribute("age", "number", "forty"))))), 400, "invalid-attribute", "'age' must be a number");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "attributes",
				List.of(attribute("since", "date", "31-01-2020"))))), 400, "invalid-attribute", "yyyy-mm-dd");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "attributes",
				List.of(Map.of("key", "tier", "type", "choice", "value", "platinum", "options", List.of("silver", "gold")))))),
				400, "invalid-attribute", "must be one of [silver, gold]");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "attributes",
				List.of(attribute("colour", "colour", "blue"))))), 400, "validation", "text, number, date or choice");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "phone", "address", "06 1234"))))), 400, "invalid-request", "not a valid phone number");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "email", "address", "jan@@example"))))), 400, "invalid-request",
				"not a valid e-mail address");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "provider", "address", "abc"))))), 400, "invalid-request", "channel account");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "identities",
				List.of(Map.of("kind", "fax", "address", "abc"))))), 400, "validation", "email, phone or provider");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", " "))), 400, "validation", "name");
		assertProblem(this.admin.post("/api/v1/contacts", json(Map.of("name", name, "language", "Dutch"))), 400,
				"validation", "language");
		assertThat(count("select count(*) from contacts where name = ?", name)).isZero();

		String id = createContact(name).text("id");
		assertProblem(this.admin.patch("/api/v1/contacts/" + id, json(Map.of("attributes",
				List.of(Map.of("key", "nickname", "value", "JJ"))))), 400, "invalid-attribute", "needs a type");
		assertProblem(this.admin.post("/api/v1/contacts/" + id + "/identities",
				json(Map.of("kind", "phone", "address", "call me maybe"))), 400, "invalid-request", "not a valid phone number");
		assertThat(this.admin.get("/api/v1/contacts/" + id + "/identities").json()).isEmpty();

		UUID unknown = UUID.randomUUID();
		assertProblem(this.admin.get("/api/v1/contacts/" + unknown), 404, "not-found", unknown.toString());
		assertProblem(this.admin.patch("/api/v1/contacts/" + unknown, json(Map.of("name", "X"))), 404, "not-found",
				unknown.toString());
		assertProblem(this.admin.delete("/api/v1/contacts/" + unknown), 404, "not-found", unknown.toString());
		assertProblem(this.admin.post("/api/v1/contacts/" + unknown + "/identities",
				json(Map.of("kind", "email", "address", unique("x@example.nl")))), 404, "not-found", unknown.toString());
		assertThat(this.admin.get("/api/v1/contacts/not-a-uuid").status()).isEqualTo(400);
	}

	@Test
	void theContactsApiIsDocumented() {
		Response docs = this.admin.anonymous().get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().path("paths").propertyNames()).contains("/api/v1/contacts", "/api/v1/contacts/{id}",
				"/api/v1/contacts/{id}/identities/{identityId}/verify", "/api/v1/contacts/{id}/merge",
				"/api/v1/contacts/merges/{mergeId}/undo", "/api/v1/contacts/merge-suggestions",
				"/api/v1/contacts/merge-suggestions/{suggestionId}/accept", "/api/v1/contacts/{id}/audit");
	}

	Response createContact(String name) {
		Response created = this.admin.post("/api/v1/contacts", json(Map.of("name", name)));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created;
	}

	List<String> search(String q) {
		Response found = this.admin.get("/api/v1/contacts?limit=100&q="
				+ URLEncoder.encode(q, StandardCharsets.UTF_8));
		assertThat(found.status()).as(found.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		found.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
		return ids;
	}

	List<String> actions(String contactId) {
		List<String> actions = new ArrayList<>();
		this.admin.get("/api/v1/contacts/" + contactId + "/audit?limit=100")
			.json()
			.path("items")
			.forEach(entry -> actions.add(entry.path("action").asString()));
		return actions;
	}

	String agentToken() {
		String agentId = this.admin
			.post("/api/v1/agents", json(Map.of("name", "Contact Agent", "email", unique("agent@example.nl"), "role", "agent")))
			.json()
			.path("agent")
			.path("id")
			.asString();
		return AccountsTestSupport.issueToken(this.context, UUID.fromString(agentId));
	}

	int count(String sql, Object... args) {
		return this.jdbc.queryForObject(sql, Integer.class, args);
	}

	static void assertProblem(Response response, int status, String type, String detail) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.text("type")).as(response.toString()).endsWith("/" + type);
		assertThat(response.text("detail")).as(response.toString()).contains(detail);
	}

	static Map<String, Object> attribute(String key, String type, String value) {
		Map<String, Object> attribute = new LinkedHashMap<>();
		attribute.put("key", key);
		attribute.put("type", type);
		attribute.put("value", value);
		return attribute;
	}

	/** The attributes as key to "type:value", in the order the API lists them. */
	static Map<String, String> attributes(JsonNode contact) {
		Map<String, String> attributes = new LinkedHashMap<>();
		contact.path("attributes")
			.forEach(a -> attributes.put(a.path("key").asString(), a.path("type").asString() + ":" + a.path("value").asString()));
		return attributes;
	}

	static JsonNode withoutUpdatedAt(JsonNode contact) {
		ObjectNode copy = (ObjectNode) contact.deepCopy();
		copy.remove("updatedAt");
		return copy;
	}

	static List<String> ids(JsonNode items) {
		List<String> ids = new ArrayList<>();
		items.forEach(item -> ids.add(item.isString() ? item.asString() : item.path("id").asString()));
		return ids;
	}

	static String mobile() {
		return ContactResolutionContract.mobile();
	}

	static String unique(String email) {
		int at = email.indexOf('@');
		return email.substring(0, at) + "." + UUID.randomUUID().toString().substring(0, 8) + email.substring(at);
	}

}
