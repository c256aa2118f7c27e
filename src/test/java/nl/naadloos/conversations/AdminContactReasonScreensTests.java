package nl.naadloos.conversations;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.ScreenSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The admin screens of the contact reason taxonomy, driven like a browser. */
@IntegrationTest
@AutoConfigureMockMvc
class AdminContactReasonScreensTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ContactReasonCatalog catalog;

	MockHttpSession admin;

	@BeforeEach
	void logInAsAdmin() throws Exception {
		this.admin = ScreenSession.logInAsAdmin(this.mvc);
	}

	@Test
	void anAdminAddsASubReasonRenamesItAndSwitchesItOff() throws Exception {
		String key = "gift-" + UUID.randomUUID().toString().substring(0, 8);
		this.mvc
			.perform(post("/admin/contact-reasons/new").session(this.admin)
				.with(csrf())
				.param("key", key)
				.param("name", "Gift wrapping")
				.param("nameNl", "Cadeauverpakking")
				.param("parentKey", "product")
				.param("position", "41"))
			.andExpect(redirectedUrl("/admin/contact-reasons"));
		assertThat(this.catalog.reason(key).parentKey()).isEqualTo("product");

		String page = this.mvc.perform(get("/admin/contact-reasons").session(this.admin))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Gift wrapping", key, "Delivery", "Late delivery");

		this.mvc
			.perform(post("/admin/contact-reasons/" + key).session(this.admin)
				.with(csrf())
				.param("key", key)
				.param("name", "Gift wrap")
				.param("nameNl", "Cadeaupapier")
				.param("parentKey", "product")
				.param("position", "41")
				.param("_active", "on"))
			.andExpect(redirectedUrl("/admin/contact-reasons"));
		ContactReason changed = this.catalog.reason(key);
		assertThat(changed.name()).isEqualTo("Gift wrap");
		assertThat(changed.isActive()).isFalse();
	}

	@Test
	void aBadKeyIsShownOnTheFormAndNothingIsStored() throws Exception {
		this.mvc
			.perform(post("/admin/contact-reasons/new").session(this.admin)
				.with(csrf())
				.param("key", "Met Spaties")
				.param("name", "Invalid"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("lower-case letters")));
		assertThat(this.catalog.all()).noneMatch(r -> r.name().equals("Invalid"));
	}

	@Test
	void reasonsAreNamedInTheReadersLanguageWithSubReasonsBelowTheirParent() {
		try {
			org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.forLanguageTag("nl-NL"));
			var tree = AdminContactReasonsController.tree(this.catalog.all());
			int delivery = indexOf(tree, "delivery");
			assertThat(tree.get(delivery).label()).isEqualTo("Levering");
			assertThat(tree.get(delivery + 1).child()).isTrue();
			assertThat(tree.get(delivery + 1).label()).isIn("Te late levering", "Beschadigd aangekomen");
			org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.ENGLISH);
			assertThat(AdminContactReasonsController.tree(this.catalog.all()).get(delivery).label()).isEqualTo("Delivery");
		}
		finally {
			org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
		}
	}

	static int indexOf(java.util.List<AdminContactReasonsController.ReasonView> tree, String key) {
		for (int i = 0; i < tree.size(); i++) {
			if (tree.get(i).key().equals(key)) {
				return i;
			}
		}
		throw new AssertionError("no " + key);
	}

}
