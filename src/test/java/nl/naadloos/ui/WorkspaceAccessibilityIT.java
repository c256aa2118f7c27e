package nl.naadloos.ui;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import nl.naadloos.support.IntegrationTest;
import nl.naadloos.support.TestApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core (Deque) on the workspace screens, in English and Dutch: the inbox, a conversation with messages,
 * notes and the side forms, and search results must have no serious or critical accessibility violations
 * (WCAG 2.1 A and AA rules).
 */
@IntegrationTest
@ExtendWith(nl.naadloos.support.Browser.RequireChromium.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceAccessibilityIT extends BrowserJourney {

	static final String SECRET = "accessibility-secret-0123456789";

	static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	@Test
	void theWorkspaceScreensHaveNoSeriousOrCriticalViolations() throws Exception {
		TestApi admin = TestApi.asAdmin(this.port);
		String account = admin.post("/api/v1/channel-accounts", TestApi.json(Map.of("kind", "api", "name", "Toegankelijk",
				"settings", Map.of("secret", SECRET, "trusted", true)))).text("id");
		String conversation = inbound(account, "Yara de Graaf", "Retour van de regenjas",
				"Ik wil de regenjas ruilen voor een maat groter.").text("conversationId");
		admin.post("/api/v1/conversations/" + conversation + "/notes", TestApi.json(Map.of("text", "Voorraad maat L gecheckt.")));
		for (String language : List.of("en", "nl")) {
			speaks(language);
			try {
				BrowserContext context = this.browser.newContext(new Browser.NewContextOptions()
					.setLocale("nl".equals(language) ? "nl-NL" : "en-GB")
					.setViewportSize(1366, 768));
				Page page = context.newPage();
				logIn(page, "/inbox?view=all");
				assertNoSeriousViolations(page, "inbox (" + language + ")");
				page.navigate(this.base + "/conversations/" + conversation);
				assertNoSeriousViolations(page, "conversation (" + language + ")");
				page.navigate(this.base + "/search?q=regenjas");
				assertNoSeriousViolations(page, "search (" + language + ")");
				context.close();
			}
			finally {
				speaks("en");
			}
		}
	}

	private static void assertNoSeriousViolations(Page page, String screen) {
		assertNoSeriousViolations(new AxeBuilder(page), screen);
	}

	/** Also for parts of a page, such as the chat widget on a shop's page. */
	static void assertNoSeriousViolations(AxeBuilder axe, String screen) {
		com.deque.html.axecore.results.AxeResults results = axe.withTags(WCAG).analyze();
		assertThat(results.getPasses()).as(screen + ": axe checked the page").isNotEmpty();
		List<Rule> serious = results.getViolations()
			.stream()
			.filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.toList();
		assertThat(serious).as(() -> screen + ": " + serious.stream()
			.map(rule -> rule.getId() + " (" + rule.getImpact() + ") at " + rule.getNodes()
				.stream()
				.map(node -> String.valueOf(node.getTarget()))
				.limit(5)
				.collect(Collectors.joining(", ")))
			.collect(Collectors.joining("; ")))
			.isEmpty();
	}

	private TestApi.Response inbound(String account, String name, String subject, String text) throws Exception {
		Map<String, Object> from = Map.of("id", "klant-" + UUID.randomUUID(), "name", name);
		TestApi.Response in = TestApi.asAdmin(this.port).inbound(account, SECRET,
				Map.of("messageId", "m-" + UUID.randomUUID(), "from", from, "subject", subject, "text", text));
		assertThat(in.status()).as(in.toString()).isEqualTo(202);
		return in;
	}

}
