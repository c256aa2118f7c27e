package nl.naadloos.channels;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ResourceNotFound;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;
import nl.naadloos.support.TestApi;

import static nl.naadloos.support.TestApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The admin screens for chat widgets, driven like a browser (forms, redirects, flash messages). */
@IntegrationTest
@AutoConfigureMockMvc
class AdminWidgetScreensTests {

	@LocalServerPort
	int port;

	@Autowired
	MockMvc mvc;

	@Autowired
	ChannelAccountService accounts;

	MockHttpSession admin;

	@BeforeEach
	void logInAsAdmin() throws Exception {
		this.admin = ScreenSession.logInAsAdmin(this.mvc);
	}

	@Test
	void anAdminAddsAWidgetAndSeesTheSnippetAndTheSecretOnlyOnce() throws Exception {
		String name = "Fietsenwinkel " + UUID.randomUUID().toString().substring(0, 6);
		String team = TestApi.asAdmin(this.port)
			.post("/api/v1/teams", json(Map.of("name", "Chat " + UUID.randomUUID().toString().substring(0, 6))))
			.text("id");
		UUID mailbox = mailbox();

		MvcResult created = this.mvc
			.perform(post("/admin/widgets/new").session(this.admin)
				.with(csrf())
				.param("name", name)
				.param("allowedOrigins", "https://www.fietsen.example.nl/\r\nhttp://localhost:3000")
				.param("colour", "#1D4ED8")
				.param("position", "left")
				.param("language", "nl")
				.param("greetingEn", "Hi! Ask us anything about bikes.")
				.param("greetingNl", "Hoi! Vraag ons alles over fietsen.")
				.param("team", team)
				.param("mailbox", mailbox.toString())
				.param("emailAfterMinutes", "30")
				.param("_rating", "on")
				.param("transcript", "true")
				.param("_transcript", "on")
				.param("preChatEnabled", "true")
				.param("_preChatEnabled", "on")
				.param("preChatName", "required")
				.param("preChatEmail", "optional")
				.param("preChatQuestion", "off")
				.param("opens[mon]", "09:00")
				.param("closes[mon]", "17:30")
				.param("opens[sat]", "10:00")
				.param("closes[sat]", "00:00")
				.param("opens[sun]", "")
				.param("closes[sun]", ""))
			.andExpect(redirectedUrlPattern("/admin/widgets/*"))
			.andReturn();
		assertThat(((FlashMessage) created.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("widgets.created");
		ChannelAccount account = named(name);
		assertThat(account.kind()).isEqualTo(Channel.WEBCHAT);
		assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/admin/widgets/" + account.id());
		String secret = (String) created.getFlashMap().get(AdminWidgetsController.NEW_SECRET);
		assertThat(secret).hasSizeGreaterThanOrEqualTo(32).isEqualTo(this.accounts.settings(account).get("secret"));

		JsonNode settings = TestApi.asAdmin(this.port).get("/api/v1/channel-accounts/" + account.id()).json().path("settings");
		assertThat(json(settings)).doesNotContain(secret);
		assertThat(settings.path("secretSet").asBoolean()).isTrue();
		assertThat(json(settings.path("allowedOrigins"))).isEqualTo("[\"https://www.fietsen.example.nl\",\"http://localhost:3000\"]");
		assertThat(settings.path("colour").asString()).isEqualTo("#1d4ed8");
		assertThat(settings.path("position").asString()).isEqualTo("left");
		assertThat(settings.path("language").asString()).isEqualTo("nl");
		assertThat(settings.path("greetingNl").asString()).isEqualTo("Hoi! Vraag ons alles over fietsen.");
		assertThat(settings.path("team").asString()).isEqualTo(team);
		assertThat(settings.path("mailbox").asString()).isEqualTo(mailbox.toString());
		assertThat(settings.path("emailAfterMinutes").asInt()).isEqualTo(30);
		assertThat(settings.path("rating").asBoolean()).isFalse();
		assertThat(settings.path("transcript").asBoolean()).isTrue();
		assertThat(json(settings.path("preChat")))
			.isEqualTo("{\"enabled\":true,\"fields\":[{\"name\":\"name\",\"required\":true},{\"name\":\"email\",\"required\":false}]}");
		assertThat(json(settings.path("openingHours"))).isEqualTo("{\"mon\":\"09:00-17:30\",\"sat\":\"10:00-24:00\"}");

		// The page the redirect leads to shows the snippet and, this once, the secret; the next visit does not.
		String snippet = "&lt;script src=&quot;http://localhost/widget.js&quot; data-widget=&quot;" + account.id()
				+ "&quot; async&gt;&lt;/script&gt;";
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString(snippet), containsString("data-copy=\"#widget-snippet\""),
					containsString(">" + secret + "</textarea>"), containsString("Copy the secret now"),
					containsString("/admin/widgets/" + account.id() + "/preview"), containsString("hash_hmac('sha256'"))));
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(content().string(allOf(containsString(snippet), containsString("Hidden; make a new one to see it."),
					not(containsString(secret)), containsString("value=\"17:30\""), containsString("value=\"00:00\""),
					containsString("https://www.fietsen.example.nl\nhttp://localhost:3000"))));

		// The channel list leads to the widget screen, and the generic screen sends widgets there too.
		this.mvc.perform(get("/admin/channels").session(this.admin))
			.andExpect(content().string(allOf(containsString("/admin/widgets/" + account.id()),
					containsString("Add a chat widget"), containsString("/admin/widgets/new"))));
		this.mvc.perform(get("/admin/channels/" + account.id()).session(this.admin))
			.andExpect(redirectedUrl("/admin/widgets/" + account.id()));
	}

	@Test
	void everyWrongFieldIsMarkedAtOnceNothingIsStoredAndTheFormKeepsWhatWasTyped() throws Exception {
		int before = this.accounts.all().size();
		this.mvc
			.perform(post("/admin/widgets/new").session(this.admin)
				.with(csrf())
				.param("name", "Half")
				.param("allowedOrigins", "https://ok.example.nl\nwww.shop.example.nl/contact ftp://files.example.nl")
				.param("colour", "blue")
				.param("emailAfterMinutes", "-5")
				.param("preChatEnabled", "true")
				.param("preChatName", "off")
				.param("preChatEmail", "off")
				.param("preChatQuestion", "off")
				.param("opens[tue]", "17:00")
				.param("closes[tue]", "09:00")
				.param("opens[wed]", "09:00")
				.param("closes[wed]", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Please correct the fields marked below."),
					containsString("Not a site address: www.shop.example.nl/contact, ftp://files.example.nl."),
					containsString("Enter a colour as # and six hexadecimal digits"),
					containsString("Enter a whole number of minutes from 0 (never) to 10,080."),
					containsString("Ask at least one question, or switch the form off."),
					containsString("Enter both times, the closing time after the opening time, or leave both empty."),
					containsString("value=\"blue\""), containsString("value=\"-5\""), containsString("value=\"17:00\""),
					containsString("www.shop.example.nl/contact ftp://files.example.nl</textarea>"))));
		this.mvc
			.perform(post("/admin/widgets/new").session(this.admin).with(csrf()).param("name", "").param("allowedOrigins", ""))
			.andExpect(content().string(allOf(containsString("id=\"name-error\""),
					containsString("Enter at least one site, for example https://www.shop.example.nl, or * for any site."))));
		assertThat(this.accounts.all()).hasSize(before);
	}

	@Test
	void savingKeepsTheSecretWithoutShowingItAndANewSecretIsShownOnce() throws Exception {
		String name = "Hulp " + UUID.randomUUID().toString().substring(0, 6);
		ChannelAccount account = this.accounts.create("webchat", name,
				Map.of("allowedOrigins", List.of("https://hulp.example.nl"), "openingHours", Map.of("fri", "08:00-12:00")));
		String secret = (String) this.accounts.settings(account).get("secret");
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(content().string(allOf(containsString("Hidden; make a new one to see it."), not(containsString(secret)),
					containsString("value=\"08:00\""), containsString("value=\"12:00\""))));

		MvcResult saved = this.mvc
			.perform(post("/admin/widgets/" + account.id()).session(this.admin)
				.with(csrf())
				.param("name", name)
				.param("allowedOrigins", "https://hulp.example.nl\n*")
				.param("colour", "#123456")
				.param("position", "right")
				.param("language", "auto")
				.param("emailAfterMinutes", "0")
				.param("_preChatEnabled", "on")
				.param("preChatName", "off")
				.param("preChatEmail", "required")
				.param("preChatQuestion", "optional")
				.param("opens[fri]", "08:00")
				.param("closes[fri]", "12:00")
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/widgets/" + account.id()))
			.andReturn();
		assertThat(saved.getFlashMap().get(AdminWidgetsController.NEW_SECRET)).isNull();
		Map<String, Object> settings = this.accounts.settings(this.accounts.account(account.id()));
		assertThat(settings).containsEntry("secret", secret)
			.containsEntry("allowedOrigins", List.of("https://hulp.example.nl", "*"))
			.containsEntry("colour", "#123456")
			.containsEntry("emailAfterMinutes", 0)
			.containsEntry("openingHours", Map.of("fri", "08:00-12:00"))
			.containsEntry("preChat", Map.of("enabled", false, "fields",
					List.of(Map.of("name", "email", "required", true), Map.of("name", "question", "required", false))))
			.doesNotContainKeys("team", "mailbox", "greetingEn");
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(content().string(not(containsString(secret))));

		MvcResult rotated = this.mvc.perform(post("/admin/widgets/" + account.id() + "/secret").session(this.admin).with(csrf()))
			.andExpect(redirectedUrl("/admin/widgets/" + account.id()))
			.andReturn();
		String fresh = (String) rotated.getFlashMap().get(AdminWidgetsController.NEW_SECRET);
		assertThat(fresh).isNotBlank().isNotEqualTo(secret);
		Map<String, Object> after = this.accounts.settings(this.accounts.account(account.id()));
		assertThat(after).containsEntry("secret", fresh).containsEntry("colour", "#123456");
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(content().string(allOf(containsString(">" + fresh + "</textarea>"),
					containsString("A new identity secret is made."), not(containsString(secret)))));
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(this.admin))
			.andExpect(content().string(allOf(containsString("Hidden; make a new one to see it."), not(containsString(fresh)))));

		UUID api = this.accounts.create("api", "Not a widget " + UUID.randomUUID(),
				Map.of("secret", "webshop-secret-0123456789")).id();
		assertThatThrownBy(() -> this.mvc.perform(get("/admin/widgets/" + api).session(this.admin)))
			.hasCauseInstanceOf(ResourceNotFound.class);
	}

	@Test
	void thePreviewPageCarriesTheWidgetFromNaadloosItself() throws Exception {
		ChannelAccount account = this.accounts.create("webchat", "Proef " + UUID.randomUUID().toString().substring(0, 6),
				Map.of("allowedOrigins", List.of("https://proef.example.nl")));
		this.mvc.perform(get("/admin/widgets/" + account.id() + "/preview").session(this.admin))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Try " + account.name()),
					containsString("<script src=\"/widget.js\" data-widget=\"" + account.id() + "\" async"),
					containsString("you do not need to add it to the allowed sites"))));
	}

	@Test
	void agentsWhoAreNotAdminsCannotOpenTheWidgetScreens() throws Exception {
		ChannelAccount account = this.accounts.create("webchat", "Verboden " + UUID.randomUUID().toString().substring(0, 6),
				Map.of("allowedOrigins", List.of("https://verboden.example.nl")));
		String email = "agent." + UUID.randomUUID().toString().substring(0, 8) + "@naadloos.test";
		assertThat(TestApi.asAdmin(this.port)
			.post("/api/v1/agents",
					json(Map.of("name", "Ahmed Agent", "email", email, "role", "agent", "password", "ahmed-password-123")))
			.status()).isEqualTo(201);
		MockHttpSession agent = ScreenSession.logIn(this.mvc, email, "ahmed-password-123");
		this.mvc.perform(get("/admin/widgets/new").session(agent)).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/widgets/" + account.id()).session(agent)).andExpect(status().isForbidden());
		this.mvc.perform(get("/admin/widgets/" + account.id() + "/preview").session(agent)).andExpect(status().isForbidden());
		this.mvc.perform(post("/admin/widgets/" + account.id() + "/secret").session(agent).with(csrf()))
			.andExpect(status().isForbidden());
		assertThat(this.accounts.settings(this.accounts.account(account.id())).get("secret"))
			.isEqualTo(this.accounts.settings(account).get("secret"));
	}

	@Test
	void theWidgetScreenSpeaksDutch() throws Exception {
		this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "nl"));
		try {
			this.mvc.perform(get("/admin/widgets/new").session(this.admin))
				.andExpect(content().string(allOf(containsString("Chatwidget toevoegen"), containsString("Toegestane websites"),
						containsString("Openingstijden"), containsString("Maandag"), containsString("Begroeting in het Nederlands"),
						containsString("De eerste actieve mailbox"), containsString("Niet vragen"))));
			this.mvc
				.perform(post("/admin/widgets/new").session(this.admin)
					.with(csrf())
					.param("name", "Leeg")
					.param("allowedOrigins", "")
					.param("colour", "rood")
					.param("opens[mon]", "09:00"))
				.andExpect(content().string(allOf(containsString("Vul minstens één website in"),
						containsString("Vul een kleur in als # met zes hexadecimale tekens"),
						containsString("Vul beide tijden in"))));
			this.mvc.perform(get("/admin/channels").session(this.admin))
				.andExpect(content().string(containsString("Chatwidget toevoegen")));
		}
		finally {
			this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "en"));
		}
	}

	/** A mailbox to answer by e-mail, switched off so that nothing tries to read it. */
	private UUID mailbox() {
		ChannelAccount mailbox = this.accounts.create("email", "Fietsen mail " + UUID.randomUUID().toString().substring(0, 6),
				Map.of("address", "service@fietsen.example.nl", "imapHost", "127.0.0.1", "smtpHost", "127.0.0.1",
						"username", "service", "password", "mailbox-password"));
		this.accounts.update(mailbox.id(), null, null, false);
		return mailbox.id();
	}

	private ChannelAccount named(String name) {
		return this.accounts.all().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
	}

}
