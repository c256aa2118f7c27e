package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Form login as a browser uses it: messages, lockout, deactivation, CSRF and language. */
@IntegrationTest
@AutoConfigureMockMvc
class LoginTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	AccountService accounts;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void anAgentLogsInWithEmailAndPasswordAndGetsASecureSessionCookie() throws Exception {
		Agent agent = newAgent("Daan Jansen", "nl");
		MvcResult result = this.mvc
			.perform(post("/login").param("email", agent.email().toUpperCase()).param("password", "correct horse battery").with(csrf()))
			.andExpect(redirectedUrl("/"))
			.andReturn();
		HttpSession session = result.getRequest().getSession(false);
		assertThat(session).isNotNull();
		this.mvc.perform(get("/").session((MockHttpSession) session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Welkom, Daan Jansen")));
	}

	@Test
	void anUnknownAddressAndAWrongPasswordGetTheSameAnswer() throws Exception {
		Agent agent = newAgent("Emma Bakker", "en");
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", "wrong password!!").with(csrf()))
			.andExpect(redirectedUrl("/login?error"));
		this.mvc.perform(post("/login").param("email", "nobody." + UUID.randomUUID() + "@example.nl")
			.param("password", "wrong password!!")
			.with(csrf())).andExpect(redirectedUrl("/login?error"));
		this.mvc.perform(get("/login?error"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Invalid e-mail address or password.")));
	}

	@Test
	void repeatedFailuresLockTheAddressWhetherOrNotAnAgentHasIt() throws Exception {
		Agent agent = newAgent("Oliver Hughes", "en");
		String unknown = "ghost." + UUID.randomUUID() + "@example.nl";
		for (String email : List.of(agent.email(), unknown)) {
			for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
				this.mvc.perform(post("/login").param("email", email).param("password", "guess " + i + " xxxxxxx").with(csrf()))
					.andExpect(redirectedUrl("/login?error"));
			}
			this.mvc.perform(post("/login").param("email", email).param("password", "another guess xxx").with(csrf()))
				.andExpect(redirectedUrl("/login?locked"));
		}
		// Even the right password is refused while the address is locked.
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", "correct horse battery").with(csrf()))
			.andExpect(redirectedUrl("/login?locked"));
	}

	@Test
	void aDeactivatedAgentCannotLogInAndTheirOpenSessionEnds() throws Exception {
		Agent agent = newAgent("Fatima El Amrani", "nl");
		MockHttpSession session = (MockHttpSession) this.mvc
			.perform(post("/login").param("email", agent.email()).param("password", "correct horse battery").with(csrf()))
			.andReturn()
			.getRequest()
			.getSession(false);
		this.mvc.perform(get("/profile").session(session)).andExpect(status().isOk());

		UUID adminId = this.accounts.agentByEmail(TestApi.ADMIN_EMAIL).orElseThrow().id();
		this.accounts.deactivate(agent.id(), adminId);

		this.mvc.perform(get("/profile").session(session)).andExpect(redirectedUrl("/login?deactivated"));
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", "correct horse battery").with(csrf()))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void formsWithoutACsrfTokenAreRefused() throws Exception {
		Agent agent = newAgent("Sophie Williams", "en");
		this.mvc.perform(post("/login").param("email", agent.email()).param("password", "correct horse battery"))
			.andExpect(status().isForbidden());
	}

	@Test
	void theLoginPageFollowsTheBrowserLanguageUntilTheVisitorPicksOne() throws Exception {
		this.mvc.perform(get("/login").header("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Inloggen bij Naadloos")));
		this.mvc.perform(get("/login").header("Accept-Language", "fr-FR"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Log in to Naadloos")));
		MvcResult picked = this.mvc.perform(get("/login").param("lang", "nl").header("Accept-Language", "en"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Inloggen bij Naadloos")))
			.andReturn();
		assertThat(picked.getResponse().getCookie(AgentLocaleResolver.COOKIE).getValue()).isEqualTo("nl");
	}

	@Test
	void theAgentsOwnLanguageWinsOverTheBrowserAndCanBeSwitched() throws Exception {
		Agent agent = newAgent("Sanne de Vries", "nl");
		MockHttpSession session = login(agent);
		this.mvc.perform(get("/profile").session(session).header("Accept-Language", "en"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Profiel en API-sleutels")));
		this.mvc.perform(post("/profile/language").param("locale", "en").session(session).with(csrf())
			.header("Referer", "http://localhost/profile")).andExpect(redirectedUrl("/profile"));
		this.mvc.perform(get("/profile").session(session).header("Accept-Language", "nl"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Profile and API tokens")));
		assertThat(this.accounts.agent(agent.id()).locale()).isEqualTo("en");
	}

	@Test
	void unknownPagesShowTheErrorPageAndApiPathsAProblem() throws Exception {
		MockHttpSession session = login(newAgent("Lotte Visser", "en"));
		this.mvc.perform(get("/admin/agents").session(session)).andExpect(status().isForbidden());
		this.mvc.perform(get("/no/such/page").session(session).accept("text/html")).andExpect(status().isNotFound());
		this.mvc.perform(get("/").header("HX-Request", "true"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("HX-Redirect", "/login"));
	}

	MockHttpSession login(Agent agent) throws Exception {
		return (MockHttpSession) this.mvc
			.perform(post("/login").param("email", agent.email()).param("password", "correct horse battery").with(csrf()))
			.andExpect(redirectedUrl("/"))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	Agent newAgent(String name, String locale) {
		return this.accounts.createAgent(new AccountService.AgentDraft(name,
				name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 6) + "@example.nl",
				Role.AGENT, locale, List.of(), List.of()), "correct horse battery");
	}

}
