package nl.naadloos.channels;

import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import nl.naadloos.platform.Channel;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;

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

/** The admin screens to connect a mailbox, driven like a browser, against a real mail server (GreenMail). */
@IntegrationTest
@AutoConfigureMockMvc
class AdminMailboxScreensTests {

	@RegisterExtension
	static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("service@winkel.example.nl", "mailbox-password"));

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
	void anAdminConnectsAMailboxTestsItAndNeverSeesItsPasswordAgain() throws Exception {
		String name = "Klantenservice " + UUID.randomUUID().toString().substring(0, 6);
		MvcResult created = this.mvc.perform(mailbox(post("/admin/mailboxes/new"), name).param("password", "mailbox-password"))
			.andExpect(redirectedUrlPattern("/admin/mailboxes/*"))
			.andReturn();
		assertThat(((FlashMessage) created.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("mailboxes.created");
		ChannelAccount account = named(name);
		assertThat(account.kind()).isEqualTo(Channel.EMAIL);
		assertThat(this.accounts.settings(account)).containsEntry("address", "service@winkel.example.nl")
			.containsEntry("imapHost", "127.0.0.1")
			.containsEntry("imapPort", MAIL.getImap().getPort())
			.containsEntry("imapSecurity", "none")
			.containsEntry("smtpPort", MAIL.getSmtp().getPort())
			.containsEntry("password", "mailbox-password")
			.containsEntry("signature", "Met vriendelijke groet,\n{agent}")
			.containsEntry("quoteHistory", false)
			.containsEntry("acknowledge", true)
			.containsEntry("acknowledgeLanguage", "nl");

		this.mvc.perform(get("/admin/mailboxes/" + account.id()).session(this.admin))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString(name), containsString("Not connected"),
					containsString("Test connection"), not(containsString("mailbox-password")))));
		// The list leads to the mailbox screen; the API channel screen sends mailboxes there too.
		this.mvc.perform(get("/admin/channels").session(this.admin))
			.andExpect(content().string(containsString("/admin/mailboxes/" + account.id())));
		this.mvc.perform(get("/admin/channels/" + account.id()).session(this.admin))
			.andExpect(redirectedUrl("/admin/mailboxes/" + account.id()));

		MvcResult tested = this.mvc.perform(post("/admin/mailboxes/" + account.id() + "/test").session(this.admin).with(csrf()))
			.andExpect(redirectedUrl("/admin/mailboxes/" + account.id()))
			.andReturn();
		assertThat(((FlashMessage) tested.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("mailboxes.test.ok");
		assertThat(tested.getFlashMap().get("connectionTest"))
			.isEqualTo(new AdminMailboxesController.ConnectionTest(null, null));

		// Saving without a password keeps it; a wrong one makes the test say what failed.
		this.mvc.perform(mailbox(post("/admin/mailboxes/" + account.id()), name).param("password", "")
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/mailboxes/" + account.id()));
		assertThat(this.accounts.settings(this.accounts.account(account.id()))).containsEntry("password", "mailbox-password");
		this.mvc.perform(mailbox(post("/admin/mailboxes/" + account.id()), name).param("password", "wrong")
				.param("active", "true")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/mailboxes/" + account.id()));
		MvcResult failed = this.mvc.perform(post("/admin/mailboxes/" + account.id() + "/test").session(this.admin).with(csrf()))
			.andReturn();
		assertThat(((FlashMessage) failed.getFlashMap().get(FlashMessage.ATTRIBUTE)).key()).isEqualTo("mailboxes.test.failed");
		AdminMailboxesController.ConnectionTest result = (AdminMailboxesController.ConnectionTest) failed.getFlashMap()
			.get("connectionTest");
		assertThat(result.imap()).isNotBlank();
		assertThat(result.smtp()).isNotBlank();
	}

	@Test
	void everyWrongFieldIsMarkedAtOnceAndNothingIsStored() throws Exception {
		int before = this.accounts.all().size();
		this.mvc
			.perform(post("/admin/mailboxes/new").session(this.admin)
				.with(csrf())
				.param("name", "Half")
				.param("address", "not an address")
				.param("imapHost", "imap host with spaces")
				.param("imapPort", "99999")
				.param("smtpHost", "")
				.param("username", "")
				.param("password", "")
				.param("processedAction", "move")
				.param("processedFolder", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Enter an e-mail address"),
					containsString("Enter a server name"), containsString("Enter a port between 1 and 65535"),
					containsString("Enter the username of the mailbox."), containsString("Enter the password of the mailbox."),
					containsString("Name the folder read mail moves to."))));
		assertThat(this.accounts.all()).hasSize(before);

		UUID api = this.accounts.create("api", "Not a mailbox " + UUID.randomUUID(),
				Map.of("secret", "webshop-secret-0123456789")).id();
		assertThatThrownBy(() -> this.mvc.perform(get("/admin/mailboxes/" + api).session(this.admin)))
			.hasCauseInstanceOf(nl.naadloos.platform.ResourceNotFound.class);
	}

	@Test
	void theMailboxScreenSpeaksDutch() throws Exception {
		this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "nl"));
		try {
			this.mvc.perform(get("/admin/mailboxes/new").session(this.admin))
				.andExpect(content().string(allOf(containsString("Mailbox koppelen"), containsString("IMAP-server (inkomend)"),
						containsString("Gmail / Google Workspace (app-wachtwoord)"), containsString("Handtekening"),
						containsString("data-preset=\"imapHost=imap.gmail.com;imapPort=993;imapSecurity=tls"))));
			this.mvc.perform(post("/admin/mailboxes/new").session(this.admin).with(csrf()).param("name", "Leeg"))
				.andExpect(content().string(allOf(containsString("Vul een e-mailadres in"),
						containsString("Vul het wachtwoord van de mailbox in."))));
		}
		finally {
			this.mvc.perform(post("/profile/language").session(this.admin).with(csrf()).param("locale", "en"));
		}
	}

	private MockHttpServletRequestBuilder mailbox(MockHttpServletRequestBuilder request, String name) {
		return request.session(this.admin)
			.with(csrf())
			.param("name", name)
			.param("address", "Service@Winkel.example.nl")
			.param("displayName", "Winkel Klantenservice")
			.param("imapHost", "127.0.0.1")
			.param("imapPort", String.valueOf(MAIL.getImap().getPort()))
			.param("imapSecurity", "none")
			.param("smtpHost", "127.0.0.1")
			.param("smtpPort", String.valueOf(MAIL.getSmtp().getPort()))
			.param("smtpSecurity", "none")
			.param("username", "service@winkel.example.nl")
			.param("folder", "INBOX")
			.param("processedAction", "keep")
			.param("signature", "Met vriendelijke groet,\r\n{agent}")
			.param("_quoteHistory", "on")
			.param("acknowledge", "true")
			.param("_acknowledge", "on")
			.param("acknowledgeLanguage", "nl");
	}

	private ChannelAccount named(String name) {
		return this.accounts.all().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
	}

}
