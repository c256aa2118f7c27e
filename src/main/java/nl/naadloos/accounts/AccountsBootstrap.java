package nl.naadloos.accounts;

import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start: creates the first administrator (and, when asked, the demo teams and agents). Nothing
 * happens once any agent exists, so restarts and later nodes of a cluster leave the data alone.
 */
@Component
class AccountsBootstrap {

	private static final Logger log = LoggerFactory.getLogger(AccountsBootstrap.class);

	private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	private final AccountService accounts;

	private final Agents agents;

	private final AccountsProperties properties;

	private final TransactionTemplate tx;

	private final Environment environment;

	private final boolean demoData;

	AccountsBootstrap(AccountService accounts, Agents agents, AccountsProperties properties, TransactionTemplate tx,
			Environment environment, @Value("${naadloos.demo-data:false}") boolean demoData) {
		this.accounts = accounts;
		this.agents = agents;
		this.properties = properties;
		this.tx = tx;
		this.environment = environment;
		this.demoData = demoData;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onFirstStart() {
		if (this.agents.count() > 0) {
			return;
		}
		String password = this.properties.password();
		boolean generated = password == null || password.isBlank();
		String adminPassword = generated ? generatePassword() : password;
		this.tx.executeWithoutResult(status -> {
			Agent admin = this.accounts.createAgent(new AccountService.AgentDraft(this.properties.nameOrDefault(),
					this.properties.emailOrDefault(), Role.ADMIN, "en", List.of(), List.of()), adminPassword);
			String token = this.properties.token();
			if (token != null && !token.isBlank()) {
				this.accounts.registerToken(admin.id(), "Seeded admin token", token.strip());
				log.info("Registered the API token from NAADLOOS_ADMIN_TOKEN for {}", admin.email());
			}
			if (this.demoData) {
				createDemoTeamsAndAgents(admin);
			}
		});
		String url = "http://localhost:" + this.environment.getProperty("local.server.port", "8080") + "/";
		if (generated) {
			// Printed once, on the first start only: it is the only way into a fresh installation
			// without a fixed default password.
			log.warn("""

					==========================================================================
					 Naadloos is ready at {}
					 Log in as {} with password: {}
					 This password is shown only this once; change it on your profile page.
					==========================================================================""",
					url, this.properties.emailOrDefault(), adminPassword);
		}
		else {
			log.info("Naadloos is ready at {}; log in as {} with the password from NAADLOOS_ADMIN_PASSWORD", url,
					this.properties.emailOrDefault());
		}
	}

	private void createDemoTeamsAndAgents(Agent admin) {
		Team service = this.accounts.createTeam("Klantenservice", "Vragen over bestellingen, levering en retouren");
		Team webshop = this.accounts.createTeam("Webshop support", "Technical questions about the web shop and accounts");
		this.accounts.updateAgent(admin.id(), new AccountService.AgentChanges(null, null, null, null,
				List.of(service.id(), webshop.id()), null), admin.id());
		demoAgent("Sanne de Vries", "sanne.devries@naadloos.local", Role.SUPERVISOR, "nl", Set.of(service.id()),
				Set.of("nederlands", "english", "retouren"));
		demoAgent("Daan Jansen", "daan.jansen@naadloos.local", Role.AGENT, "nl", Set.of(service.id()),
				Set.of("nederlands", "bestellingen"));
		demoAgent("Fatima El Amrani", "fatima.elamrani@naadloos.local", Role.AGENT, "nl",
				Set.of(service.id(), webshop.id()), Set.of("nederlands", "english", "betalingen"));
		demoAgent("Oliver Hughes", "oliver.hughes@naadloos.local", Role.AGENT, "en", Set.of(webshop.id()),
				Set.of("english", "technical"));
		demoAgent("Emily Carter", "emily.carter@naadloos.local", Role.AGENT, "en", Set.of(webshop.id()),
				Set.of("english", "billing"));
		log.info("Created demo data: 2 teams and 5 agents (set their passwords as admin under Agents)");
	}

	private void demoAgent(String name, String email, Role role, String locale, Set<UUID> teams, Set<String> skills) {
		this.accounts.createAgent(new AccountService.AgentDraft(name, email, role, locale, teams, skills),
				generatePassword());
	}

	static String generatePassword() {
		SecureRandom random = new SecureRandom();
		StringBuilder password = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
		}
		return password.toString();
	}

}
