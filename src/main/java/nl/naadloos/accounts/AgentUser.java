package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * The agent behind the current request, whether they logged in with the form or an API token. Other
 * modules take it as {@code @AuthenticationPrincipal AgentUser me}.
 */
public class AgentUser extends User {

	private static final long serialVersionUID = 1L;

	private final UUID agentId;

	private final String displayName;

	private final Role role;

	private final String locale;

	AgentUser(UUID agentId, String email, String passwordHash, boolean active, String displayName, Role role,
			String locale) {
		super(email, passwordHash, active, true, true, true, List.of(new SimpleGrantedAuthority(role.authority())));
		this.agentId = agentId;
		this.displayName = displayName;
		this.role = role;
		this.locale = locale;
	}

	static AgentUser of(Agent agent) {
		return new AgentUser(agent.id(), agent.email(), agent.passwordHash(), agent.isActive(), agent.name(),
				agent.role(), agent.locale());
	}

	/** The same agent without the password hash, as kept in the session and security context. */
	static AgentUser withoutPassword(Agent agent) {
		return new AgentUser(agent.id(), agent.email(), "", agent.isActive(), agent.name(), agent.role(),
				agent.locale());
	}

	public UUID agentId() {
		return this.agentId;
	}

	public String displayName() {
		return this.displayName;
	}

	public Role role() {
		return this.role;
	}

	public String locale() {
		return this.locale;
	}

	boolean differsFrom(Agent agent) {
		return !this.displayName.equals(agent.name()) || this.role != agent.role() || !this.locale.equals(agent.locale())
				|| !getUsername().equals(agent.email());
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AgentUser that && this.agentId.equals(that.agentId);
	}

	@Override
	public int hashCode() {
		return this.agentId.hashCode();
	}

}
