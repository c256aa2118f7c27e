package nl.naadloos.workspace;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import nl.naadloos.platform.FlashMessage;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;
import nl.naadloos.support.TestApi.Response;
import nl.naadloos.support.TestApi;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

/** The agent's inbox and conversation screens, driven like a browser, by an agent of their own. */
@IntegrationTest
@AutoConfigureMockMvc
class WorkspaceScreensTests {

	static final String SECRET = "workspace-secret-0123456789";

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	TestApi admin;

	String email;

	MockHttpSession agent;

	String agentId;

	String account;

	@BeforeEach
	void anAgentOfTheirOwn() throws Exception {
		this.admin = TestApi.asAdmin(this.port);
		this.email = "sanne." + UUID.randomUUID().toString().substring(0, 8) + "@naadloos.test";
		Response created = this.admin.post("/api/v1/agents", json(Map.of("name", "Sanne Visser", "email", this.email,
				"role", "agent", "password", "sanne-password-123")));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		this.agentId = created.json().path("agent").path("id").asString();
		this.agent = ScreenSession.logIn(this.mvc, this.email, "sanne-password-123");
		this.account = this.admin.post("/api/v1/channel-accounts", json(Map.of("kind", "api", "name",
				"Shop " + UUID.randomUUID(), "settings", Map.of("secret", SECRET, "trusted", true)))).text("id");
	}

	@Test
	void anAgentTakesAnUnassignedConversationRepliesNotesAndSolvesIt() throws Exception {
		String subject = "Retour " + UUID.randomUUID().toString().substring(0, 6);
		Response in = inbound("Joris de Boer", subject, "Hoe stuur ik mijn schoenen terug?");
		String conversation = in.text("conversationId");

		this.mvc.perform(get("/inbox").session(this.agent))
			.andExpect(content().string(allOf(containsString("Nothing waits for you."), not(containsString(subject)))));
		this.mvc.perform(get("/inbox?view=unassigned").session(this.agent))
			.andExpect(content().string(allOf(containsString(subject), containsString("Joris de Boer"),
					containsString("/conversations/" + conversation), containsString("min</time>"))));

		this.mvc.perform(get("/conversations/" + conversation).session(this.agent))
			.andExpect(content().string(allOf(containsString("Hoe stuur ik mijn schoenen terug?"),
					containsString("No owner yet"), containsString("Take it"), containsString("Reply via"))));
		this.mvc.perform(post("/conversations/" + conversation + "/take").session(this.agent).with(csrf()))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		this.mvc.perform(get("/inbox?view=mine").session(this.agent))
			.andExpect(content().string(containsString(subject)));

		MvcResult replied = this.mvc.perform(post("/conversations/" + conversation + "/reply").session(this.agent)
				.with(csrf())
				.param("text", "Gebruik het retourlabel in de doos.")
				.param("channelAccountId", this.account))
			.andExpect(redirectedUrl("/conversations/" + conversation))
			.andReturn();
		assertThat(((FlashMessage) replied.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("workspace.reply.sent");
		this.mvc.perform(post("/conversations/" + conversation + "/note").session(this.agent)
				.with(csrf())
				.param("text", "Klant had al eerder een retour."))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		String messages = this.admin.get("/api/v1/conversations/" + conversation + "/messages").body();
		assertThat(messages).contains("\"direction\":\"outbound\"", "Gebruik het retourlabel in de doos.",
				"\"direction\":\"note\"", "Klant had al eerder een retour.");

		this.mvc.perform(post("/conversations/" + conversation + "/status").session(this.agent)
				.with(csrf())
				.param("status", "solved"))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		assertThat(this.admin.get("/api/v1/conversations/" + conversation).text("status")).isEqualTo("solved");
		this.mvc.perform(get("/inbox?view=mine").session(this.agent))
			.andExpect(content().string(not(containsString(subject))));
		this.mvc.perform(get("/conversations/" + conversation).session(this.agent))
			.andExpect(content().string(allOf(containsString("Internal note"), containsString("Klant had al eerder een retour."),
					containsString("Owner: Sanne Visser"), containsString("Solved"))));
	}

	@Test
	void anAgentSetsOwnerTeamPriorityTagsAndContactReasonFromTheSideForm() throws Exception {
		String conversation = inbound("Bas Koster", "Kapot " + UUID.randomUUID(), "Mijn lamp is kapot.").text("conversationId");
		String team = this.admin.post("/api/v1/teams", json(Map.of("name", "Retouren " + UUID.randomUUID().toString()
			.substring(0, 6)))).text("id");
		String sanne = this.agentId;
		this.mvc.perform(get("/conversations/" + conversation).session(this.agent))
			.andExpect(content().string(allOf(containsString("Contact reason"), containsString("Sanne Visser"),
					containsString("Payment and invoices"))));
		this.mvc.perform(post("/conversations/" + conversation + "/details").session(this.agent)
				.with(csrf())
				.param("ownerAgentId", sanne)
				.param("teamId", team)
				.param("priority", "high")
				.param("tags", "Beschadigd, levering ,beschadigd")
				.param("contactReason", "complaint"))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		Response changed = this.admin.get("/api/v1/conversations/" + conversation);
		assertThat(changed.text("ownerAgentId")).isEqualTo(sanne);
		assertThat(changed.text("teamId")).isEqualTo(team);
		assertThat(changed.text("priority")).isEqualTo("high");
		assertThat(changed.text("contactReason")).isEqualTo("complaint");
		assertThat(changed.json().path("tags").toString()).isEqualTo("[\"beschadigd\",\"levering\"]");

		// Emptying owner and team gives the conversation back.
		this.mvc.perform(post("/conversations/" + conversation + "/details").session(this.agent)
				.with(csrf())
				.param("ownerAgentId", "")
				.param("teamId", "")
				.param("priority", "normal")
				.param("tags", ""))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		Response cleared = this.admin.get("/api/v1/conversations/" + conversation);
		assertThat(cleared.json().path("ownerAgentId").isNull()).isTrue();
		assertThat(cleared.json().path("teamId").isNull()).isTrue();
		assertThat(cleared.json().path("tags").size()).isZero();
		assertThat(cleared.text("contactReason")).isEqualTo("complaint");
	}

	@Test
	void theWorkspaceSearchFindsMessagesConversationsAndCustomers() throws Exception {
		String word = "zadelpen" + UUID.randomUUID().toString().substring(0, 6);
		String conversation = inbound("Lotte " + word, "Onderdeel", "Mijn " + word + " is afgebroken.")
			.text("conversationId");
		this.mvc.perform(get("/search").param("q", word).session(this.agent))
			.andExpect(content().string(allOf(containsString("/conversations/" + conversation), containsString("<mark>"),
					containsString("Customers"), containsString("Lotte " + word))));
		this.mvc.perform(get("/search").param("q", "<script>alert(1)</script>").session(this.agent))
			.andExpect(content().string(allOf(containsString("Nothing found for"), not(containsString("<script>alert(1)")))));
		this.mvc.perform(get("/search").param("q", "x".repeat(201)).session(this.agent))
			.andExpect(content().string(containsString("Search for at most 200 characters.")));
	}

	@Test
	void anAgentIsWarnedWhenAColleagueRepliedWhileTheyWereWriting() throws Exception {
		String conversation = inbound("Kim Dekker", "Dubbel " + UUID.randomUUID(), "Wanneer komt mijn pakket?")
			.text("conversationId");
		String page = this.mvc.perform(get("/conversations/" + conversation).session(this.agent))
			.andReturn()
			.getResponse()
			.getContentAsString();
		java.util.regex.Matcher opened = java.util.regex.Pattern.compile("name=\"openedAt\" value=\"([^\"]+)\"").matcher(page);
		assertThat(opened.find()).isTrue();

		// The administrator answers first, through the API.
		this.admin.post("/api/v1/conversations/" + conversation + "/replies", json(Map.of("text", "Morgen, voor 12 uur.")));

		MvcResult warned = this.mvc.perform(post("/conversations/" + conversation + "/reply").session(this.agent)
				.with(csrf())
				.param("text", "Uw pakket komt morgen.")
				.param("openedAt", opened.group(1)))
			.andExpect(redirectedUrl("/conversations/" + conversation))
			.andReturn();
		FlashMessage flash = (FlashMessage) warned.getFlashMap().get(FlashMessage.ATTRIBUTE);
		assertThat(flash.key()).isEqualTo("workspace.reply.collision");
		assertThat(flash.args()).containsExactly("Administrator");
		assertThat(warned.getFlashMap().get("draft")).isEqualTo("Uw pakket komt morgen.");
		assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").body())
			.doesNotContain("Uw pakket komt morgen.");

		// Having read it, the agent sends anyway from the page as it is now.
		String again = this.mvc.perform(get("/conversations/" + conversation).session(this.agent))
			.andReturn()
			.getResponse()
			.getContentAsString();
		java.util.regex.Matcher reopened = java.util.regex.Pattern.compile("name=\"openedAt\" value=\"([^\"]+)\"").matcher(again);
		assertThat(reopened.find()).isTrue();
		this.mvc.perform(post("/conversations/" + conversation + "/reply").session(this.agent)
				.with(csrf())
				.param("text", "Uw pakket komt morgen.")
				.param("openedAt", reopened.group(1)))
			.andExpect(redirectedUrl("/conversations/" + conversation));
		assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").body())
			.contains("Uw pakket komt morgen.");
	}

	@Test
	void anAgentTakesAndSolvesSeveralConversationsAtOnce() throws Exception {
		String first = inbound("Roos Jager", "Bulk een " + UUID.randomUUID(), "Vraag een").text("conversationId");
		String second = inbound("Tim Bakker", "Bulk twee " + UUID.randomUUID(), "Vraag twee").text("conversationId");
		String closed = inbound("Ada Smit", "Bulk drie " + UUID.randomUUID(), "Vraag drie").text("conversationId");
		this.admin.patch("/api/v1/conversations/" + closed, json(Map.of("status", "closed")));

		MvcResult taken = this.mvc.perform(post("/inbox/bulk").session(this.agent)
				.with(csrf())
				.param("view", "unassigned")
				.param("action", "take")
				.param("ids", first, second))
			.andExpect(redirectedUrl("/inbox?view=unassigned"))
			.andReturn();
		assertThat(((FlashMessage) taken.getFlashMap().get(FlashMessage.ATTRIBUTE)).args()).containsExactly(2);
		assertThat(this.admin.get("/api/v1/conversations/" + first).text("ownerAgentId")).isEqualTo(this.agentId);
		assertThat(this.admin.get("/api/v1/conversations/" + second).text("ownerAgentId")).isEqualTo(this.agentId);

		MvcResult solved = this.mvc.perform(post("/inbox/bulk").session(this.agent)
				.with(csrf())
				.param("view", "mine")
				.param("action", "status:open")
				.param("ids", first, second, closed))
			.andReturn();
		FlashMessage partly = (FlashMessage) solved.getFlashMap().get(FlashMessage.ATTRIBUTE);
		assertThat(partly.key()).isEqualTo("workspace.bulk.partly");
		assertThat(partly.args()).containsExactly(2, 1);
		assertThat(this.admin.get("/api/v1/conversations/" + first).text("status")).isEqualTo("open");
		assertThat(this.admin.get("/api/v1/conversations/" + second).text("status")).isEqualTo("open");
		assertThat(this.admin.get("/api/v1/conversations/" + closed).text("status")).isEqualTo("closed");

		MvcResult none = this.mvc.perform(post("/inbox/bulk").session(this.agent).with(csrf()).param("action", "take"))
			.andExpect(redirectedUrl("/inbox?view=mine"))
			.andReturn();
		assertThat(((FlashMessage) none.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("workspace.bulk.none");
	}

	@Test
	void anEmptyReplyIsRefusedAndNothingIsStored() throws Exception {
		String conversation = inbound("Ilse Mulder", "Leeg " + UUID.randomUUID(), "Hallo?").text("conversationId");
		MvcResult refused = this.mvc.perform(post("/conversations/" + conversation + "/reply").session(this.agent)
				.with(csrf())
				.param("text", "  "))
			.andExpect(redirectedUrl("/conversations/" + conversation))
			.andReturn();
		assertThat(((FlashMessage) refused.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("workspace.reply.empty");
		assertThat(this.admin.get("/api/v1/conversations/" + conversation + "/messages").body())
			.doesNotContain("\"direction\":\"outbound\"");
		MvcResult unknown = this.mvc.perform(post("/conversations/" + conversation + "/status").session(this.agent)
				.with(csrf())
				.param("status", "bogus"))
			.andReturn();
		assertThat(((FlashMessage) unknown.getFlashMap().get(FlashMessage.ATTRIBUTE)).kind()).isEqualTo("error");
		assertThat(this.admin.get("/api/v1/conversations/" + conversation).text("status")).isEqualTo("new");
	}

	@Test
	void theWorkspaceNeedsALoginAndSpeaksDutch() throws Exception {
		this.mvc.perform(get("/inbox")).andExpect(redirectedUrl("/login"));
		this.mvc.perform(post("/profile/language").session(this.agent).with(csrf()).param("locale", "nl"));
		this.mvc.perform(get("/inbox?view=unassigned").session(this.agent))
			.andExpect(content().string(allOf(containsString("Van mij"), containsString("Niet toegewezen"),
					containsString("Alle open"), containsString("Toetsen: j en k verplaatsen"))));
	}

	private Response inbound(String name, String subject, String text) throws Exception {
		Map<String, Object> from = new LinkedHashMap<>();
		from.put("id", "klant-" + UUID.randomUUID());
		from.put("name", name);
		Response in = this.admin.inbound(this.account, SECRET,
				Map.of("messageId", "m-" + UUID.randomUUID(), "from", from, "subject", subject, "text", text));
		assertThat(in.status()).as(in.toString()).isEqualTo(202);
		return in;
	}

}
