package nl.naadloos.accounts;

import java.util.UUID;

import org.springframework.context.ApplicationContext;

/** Lets tests of other modules act as an agent of their choosing. */
public final class AccountsTestSupport {

	private AccountsTestSupport() {
	}

	/** Issues a personal API token for the agent (tokens are personal: no API lets an admin do this). */
	public static String issueToken(ApplicationContext context, UUID agentId) {
		return context.getBean(AccountService.class).issueToken(agentId, "test", null).secret().value();
	}

}
