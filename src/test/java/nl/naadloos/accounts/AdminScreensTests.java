package nl.naadloos.accounts;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import nl.naadloos.platform.FlashMessage;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;
import nl.naadloos.support.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The admin screens for agents and teams, driven like a browser (forms, redirects, flash messages). */
@IntegrationTest
@AutoConfigureMockMvc
class AdminScreensTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	MockHttpSession admin;

	@BeforeEach
	void logInAsAdmin() throws Exception {
		this.admin = ScreenSession.logInAsAdmin(this.mvc);
	}

	@Test
	void anAdminCreatesAnAgentAndSeesTheGeneratedPasswordOnce() throws Exception {
		Team team = this.accounts.createTeam("Retouren " + UUID.randomUUID(), null);
		String email = "nieuw." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl";
		MvcResult created = this.mvc
			.perform(post("/admin/agents/new").session(this.admin)
				.with(csrf())
				.param("name", "Noor Smit")
				.param("email", email)
				.param("role", "supervisor")
				.param("locale", "nl")
				.param("teamIds", team.id().toString())
				.param("skills", "Retouren, english")
				.param("password", ""))
			.andExpect(redirectedUrlPattern("/admin/agents/*"))
			.andReturn();
		FlashMessage flash = (FlashMessage) created.getFlashMap().get(FlashMessage.ATTRIBUTE);
		assertThat(flash.key()).isEqualTo("agents.createdWithPassword");
		String password = (String) flash.args()[1];

		Agent agent = this.accounts.agentByEmail(email).orElseThrow();
		assertThat(agent.role()).isEqualTo(Role.SUPERVISOR);
		assertThat(agent.skills()).containsExactly("english", "retouren");
		assertThat(agent.isIn(team.id())).isTrue();
		this.mvc.perform(post("/login").param("email", email).param("password", password).with(csrf()))
			.andExpect(redirectedUrl("/"));

		this.mvc.perform(get("/admin/agents").session(this.admin).param("q", "Noor"))
			.andExpect(content().string(containsString("Noor Smit")))
			.andExpect(content().string(containsString("Supervisor")));
	}

	@Test
	void invalidInputIsShownNextToTheFieldAndNothingIsStored() throws Exception {
		long before = this.accounts.activeAgents().size();
		this.mvc
			.perform(post("/admin/agents/new").session(this.admin)
				.with(csrf())
				.param("name", "")
				.param("email", "not an address")
				.param("role", "agent")
				.param("locale", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Please correct the fields marked below.")))
			.andExpect(content().string(containsString("id=\"name-error\"")))
			.andExpect(content().string(containsString("id=\"email-error\"")));
		this.mvc
			.perform(post("/admin/agents/new").session(this.admin)
				.with(csrf())
				.param("name", "Dubbel")
				.param("email", TestApi.ADMIN_EMAIL)
				.param("role", "agent")
				.param("locale", "en"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Another agent already uses this e-mail address.")));
		assertThat(this.accounts.activeAgents()).hasSize((int) before);
	}

	@Test
	void anAdminDeactivatesAndReactivatesAnAgentAndResetsTheirPassword() throws Exception {
		Agent agent = this.accounts.createAgent(new AccountService.AgentDraft("Bram de Jong",
				"bram." + UUID.randomUUID().toString().substring(0, 8) + "@example.nl", Role.AGENT, "nl",
				java.util.List.of(), java.util.List.of()), "old password 1234");
		this.mvc.perform(post("/admin/agents/" + agent.id() + "/deactivate").session(this.admin).with(csrf()))
			.andExpect(redirectedUrlPattern("/admin/agents/*"));
		assertThat(this.accounts.agent(agent.id()).isActive()).isFalse();
		this.mvc.perform(get("/admin/agents/" + agent.id()).session(this.admin))
			.andExpect(content().string(containsString("Reactivate")));
		this.mvc.perform(post("/admin/agents/" + agent.id() + "/reactivate").session(this.admin).with(csrf()));
		assertThat(this.accounts.agent(agent.id()).isActive()).isTrue();

		MvcResult reset = this.mvc
			.perform(post("/admin/agents/" + agent.id() + "/password").session(this.admin).with(csrf()))
			.andReturn();
		String newPassword = (String) ((FlashMessage) reset.getFlashMap().get(FlashMessage.ATTRIBUTE)).args()[1];
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", "old password 1234").with(csrf()))
			.andExpect(redirectedUrl("/login?error"));
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", newPassword).with(csrf()))
			.andExpect(redirectedUrl("/"));
	}

	@Test
	void anAdminManagesTeams() throws Exception {
		String name = "Winkel Utrecht " + UUID.randomUUID().toString().substring(0, 6);
		this.mvc.perform(post("/admin/teams/new").session(this.admin).with(csrf()).param("name", name).param("description", "Balie"))
			.andExpect(redirectedUrl("/admin/teams"));
		this.mvc.perform(get("/admin/teams").session(this.admin)).andExpect(content().string(containsString(name)));
		this.mvc.perform(post("/admin/teams/new").session(this.admin).with(csrf()).param("name", name.toUpperCase()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("A team with this name already exists.")));
		Team team = this.accounts.teams().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
		this.mvc.perform(post("/admin/teams/" + team.id() + "/delete").session(this.admin).with(csrf()))
			.andExpect(redirectedUrl("/admin/teams"));
		assertThat(this.accounts.teams()).noneMatch(t -> t.name().equals(name));
	}

	@Test
	void anAgentCreatesAndRevokesTheirOwnTokenOnTheProfilePage() throws Exception {
		MvcResult page = this.mvc
			.perform(post("/profile/tokens").session(this.admin).with(csrf()).param("name", "Zapier").param("expiresOn", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Copy it now")))
			.andReturn();
		String html = page.getResponse().getContentAsString();
		int start = html.indexOf("value=\"nld_") + 7;
		String token = html.substring(start, html.indexOf('"', start));
		this.mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
		this.mvc.perform(get("/profile").session(this.admin))
			.andExpect(content().string(containsString("Zapier")))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString(token))));
	}

}
