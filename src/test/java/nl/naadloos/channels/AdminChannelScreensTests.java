package nl.naadloos.channels;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;

import static org.assertj.core.api.Assertions.assertThat;
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

/** The admin screens for channel accounts, driven like a browser (forms, redirects, flash messages). */
@IntegrationTest
@AutoConfigureMockMvc
class AdminChannelScreensTests {

	static final String SECRET = "webshop-secret-0123456789";

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
	void anAdminCreatesAnApiChannelAccountAndSeesItsInboundUrlButNeverItsSecret() throws Exception {
		String name = "Webshop " + UUID.randomUUID().toString().substring(0, 6);
		MvcResult created = this.mvc
			.perform(post("/admin/channels/new").session(this.admin)
				.with(csrf())
				.param("name", name)
				.param("webhookUrl", "https://shop.example.nl/naadloos")
				.param("trusted", "true")
				.param("_trusted", "on")
				.param("secret", SECRET))
			.andExpect(redirectedUrlPattern("/admin/channels/*"))
			.andReturn();
		FlashMessage flash = (FlashMessage) created.getFlashMap().get(FlashMessage.ATTRIBUTE);
		assertThat(flash.key()).isEqualTo("channels.created");

		ChannelAccount account = named(name);
		assertThat(account.kind()).isEqualTo(Channel.API);
		assertThat(account.isActive()).isTrue();
		assertThat(this.accounts.settings(account)).containsEntry("secret", SECRET)
			.containsEntry("webhookUrl", "https://shop.example.nl/naadloos")
			.containsEntry("trusted", true);
		assertThat(created.getResponse().getRedirectedUrl()).isEqualTo("/admin/channels/" + account.id());

		this.mvc.perform(get("/admin/channels").session(this.admin))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString(name), containsString("/admin/channels/" + account.id()),
					containsString("New API channel account"), containsString("/admin/mailboxes/new"))));
		this.mvc.perform(get("/admin/channels/" + account.id()).session(this.admin))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(
					containsString("http://localhost/api/v1/channels/api/" + account.id() + "/messages"),
					containsString("data-copy=\"#inbound-url\""), containsString("X-Naadloos-Signature: sha256="),
					containsString("https://shop.example.nl/naadloos"), not(containsString(SECRET)))));
	}

	@Test
	void aShortSecretAndABadWebhookUrlAreShownNextToTheirFieldsAndNothingIsStored() throws Exception {
		int before = this.accounts.all().size();
		this.mvc
			.perform(post("/admin/channels/new").session(this.admin)
				.with(csrf())
				.param("name", "Kassa")
				.param("webhookUrl", "ftp://kassa.example.nl/hook")
				.param("secret", "too-short"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Please correct the fields marked below."),
					containsString("id=\"secret-error\""), containsString("The secret needs at least 16 characters."),
					containsString("id=\"webhookUrl-error\""), containsString("Enter a full http or https address"),
					not(containsString("too-short")))));
		this.mvc
			.perform(post("/admin/channels/new").session(this.admin)
				.with(csrf())
				.param("name", "")
				.param("webhookUrl", "")
				.param("secret", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"name-error\""), containsString("id=\"secret-error\""),
					not(containsString("id=\"webhookUrl-error\"")))));
		assertThat(this.accounts.all()).hasSize(before);
	}

	@Test
	void leavingTheSecretEmptyOnEditKeepsTheCurrentOne() throws Exception {
		ChannelAccount account = this.accounts.create("api", "Mobiele app " + UUID.randomUUID().toString().substring(0, 6),
				Map.of("secret", SECRET, "webhookUrl", "https://app.example.nl/hook", "trusted", false));
		this.mvc.perform(get("/admin/channels/" + account.id()).session(this.admin))
			.andExpect(content().string(allOf(containsString("Leave empty to keep the current secret."),
					containsString(">Set<"), not(containsString(SECRET)))));

		this.mvc
			.perform(post("/admin/channels/" + account.id()).session(this.admin)
				.with(csrf())
				.param("name", "Mobiele app")
				.param("webhookUrl", "")
				.param("trusted", "true")
				.param("_trusted", "on")
				.param("secret", "")
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/channels/" + account.id()));

		ChannelAccount changed = this.accounts.account(account.id());
		assertThat(changed.name()).isEqualTo("Mobiele app");
		assertThat(this.accounts.settings(changed)).containsEntry("secret", SECRET)
			.containsEntry("trusted", true)
			.doesNotContainKey("webhookUrl");

		this.mvc
			.perform(post("/admin/channels/" + account.id()).session(this.admin)
				.with(csrf())
				.param("name", "Mobiele app")
				.param("secret", "a-new-secret-of-enough-length")
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/channels/" + account.id()));
		assertThat(this.accounts.settings(this.accounts.account(account.id()))).containsEntry("secret",
				"a-new-secret-of-enough-length");
	}

	@Test
	void switchingAnAccountOffMakesItRefuseMessagesAndShowsItAsInactive() throws Exception {
		String name = "Kiosk " + UUID.randomUUID().toString().substring(0, 6);
		ChannelAccount account = this.accounts.create("api", name, Map.of("secret", SECRET));
		MvcResult saved = this.mvc
			.perform(post("/admin/channels/" + account.id()).session(this.admin)
				.with(csrf())
				.param("name", name)
				.param("secret", "")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/channels/" + account.id()))
			.andReturn();
		assertThat(((FlashMessage) saved.getFlashMap().get(FlashMessage.ATTRIBUTE)).key())
			.isEqualTo("channels.deactivated");
		assertThat(this.accounts.account(account.id()).isActive()).isFalse();
		assertThat(this.accounts.activeAccount(account.id(), Channel.API)).isEmpty();
		this.mvc.perform(get("/admin/channels").session(this.admin))
			.andExpect(content().string(containsString("Inactive")));

		this.mvc
			.perform(post("/admin/channels/" + account.id()).session(this.admin)
				.with(csrf())
				.param("name", name)
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/channels/" + account.id()));
		assertThat(this.accounts.account(account.id()).isActive()).isTrue();
	}

	@Test
	void theScreensSpeakDutchToADutchAdmin() throws Exception {
		this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "nl"));
		try {
			this.mvc.perform(get("/admin/channels/new").session(this.admin))
				.andExpect(content().string(allOf(containsString("Kanalen"), containsString("Nieuw API-kanaalaccount"),
						containsString("Webhook-URL"), containsString("Vertrouwd"), containsString("Geheim"),
						containsString("worden aan bestaande contacten gekoppeld"))));
			this.mvc
				.perform(post("/admin/channels/new").session(this.admin)
					.with(csrf())
					.param("name", "Kassa")
					.param("webhookUrl", "kassa")
					.param("secret", "kort"))
				.andExpect(content().string(allOf(containsString("Het geheim moet minstens 16 tekens hebben."),
						containsString("Vul een volledig http- of https-adres in"))));
			this.mvc.perform(get("/admin/channels").session(this.admin))
				.andExpect(content().string(allOf(containsString("Kanaalaccounts"), containsString("Nieuw API-kanaalaccount"),
						containsString("Mailbox koppelen"))));
		}
		finally {
			this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "en"));
		}
	}

	private ChannelAccount named(String name) {
		List<ChannelAccount> all = this.accounts.all();
		return all.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
	}

}
