package nl.naadloos.accounts;

import java.util.Locale;

/**
 * What an agent may do. Each role includes the rights of the roles below it: an admin can do all a
 * supervisor can, a supervisor all an agent can.
 */
public enum Role {

	/** Works conversations. */
	AGENT,
	/** Team lead: watches queues and reports, rebalances work. */
	SUPERVISOR,
	/** Connects channels and manages agents, teams and settings. */
	ADMIN;

	public String authority() {
		return "ROLE_" + name();
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role fromKey(String key) {
		return valueOf(key.trim().toUpperCase(Locale.ROOT));
	}

}
