package nl.naadloos.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import nl.naadloos.platform.Cursor;
import nl.naadloos.platform.CursorPage;
import nl.naadloos.platform.ResourceNotFound;

/**
 * Manages agents, teams and API tokens. Every change goes through here, whether it comes from the
 * admin screens or the REST API, so both enforce the same rules.
 */
@Service
@Transactional
class AccountService implements AgentDirectory {

	static final String PASSWORD_RULE = "A password must have at least 12 and at most 128 characters.";

	static final Set<String> LOCALES = Set.of("en", "nl");

	private final Agents agents;

	private final Teams teams;

	private final ApiTokens tokens;

	private final PasswordEncoder passwords;

	private final Clock clock;

	AccountService(Agents agents, Teams teams, ApiTokens tokens, PasswordEncoder passwords, Clock clock) {
		this.agents = agents;
		this.teams = teams;
		this.tokens = tokens;
		this.passwords = passwords;
		this.clock = clock;
	}

	// Agents

	Agent createAgent(AgentDraft draft, String password) {
		String email = Agent.normaliseEmail(draft.email());
		if (this.agents.existsByEmail(email)) {
			throw new AccountProblems.EmailTaken(email);
		}
		checkStrength(password);
		Instant now = this.clock.instant();
		Agent agent = new Agent(draft.name(), email, this.passwords.encode(password), draft.role(),
				locale(draft.locale()), now);
		agent.assignTeams(resolveTeams(draft.teamIds()), now);
		agent.assignSkills(Set.copyOf(draft.skills()), now);
		return this.agents.save(agent);
	}

	Agent updateAgent(UUID id, AgentChanges changes, UUID actingAgentId) {
		Agent agent = agent(id);
		Instant now = this.clock.instant();
		if (changes.name() != null) {
			agent.rename(changes.name(), now);
		}
		if (changes.email() != null) {
			String email = Agent.normaliseEmail(changes.email());
			if (!email.equals(agent.email()) && this.agents.existsByEmail(email)) {
				throw new AccountProblems.EmailTaken(email);
			}
			agent.changeEmail(email, now);
		}
		if (changes.role() != null && changes.role() != agent.role()) {
			if (agent.role() == Role.ADMIN && agent.isActive()) {
				requireAnotherActiveAdmin(agent);
			}
			agent.changeRole(changes.role(), now);
		}
		if (changes.locale() != null) {
			agent.changeLocale(locale(changes.locale()), now);
		}
		if (changes.teamIds() != null) {
			agent.assignTeams(resolveTeams(changes.teamIds()), now);
		}
		if (changes.skills() != null) {
			agent.assignSkills(Set.copyOf(changes.skills()), now);
		}
		return this.agents.save(agent);
	}

	Agent deactivate(UUID id, UUID actingAgentId) {
		if (id.equals(actingAgentId)) {
			throw new AccountProblems.NotOnYourself();
		}
		Agent agent = agent(id);
		if (!agent.isActive()) {
			throw new AccountProblems.AlreadyInState(agent.name() + " is already deactivated.");
		}
		if (agent.role() == Role.ADMIN) {
			requireAnotherActiveAdmin(agent);
		}
		agent.deactivate(this.clock.instant());
		return this.agents.save(agent);
	}

	Agent reactivate(UUID id) {
		Agent agent = agent(id);
		if (agent.isActive()) {
			throw new AccountProblems.AlreadyInState(agent.name() + " is already active.");
		}
		agent.reactivate(this.clock.instant());
		return this.agents.save(agent);
	}

	/** Sets a new password chosen by an admin and revokes nothing else: the agent logs in with it. */
	Agent resetPassword(UUID id, String password) {
		checkStrength(password);
		Agent agent = agent(id);
		agent.changePassword(this.passwords.encode(password), this.clock.instant());
		return this.agents.save(agent);
	}

	void changeOwnPassword(UUID id, String currentPassword, String newPassword) {
		Agent agent = agent(id);
		if (!this.passwords.matches(currentPassword, agent.passwordHash())) {
			throw new AccountProblems.WrongPassword();
		}
		checkStrength(newPassword);
		agent.changePassword(this.passwords.encode(newPassword), this.clock.instant());
		this.agents.save(agent);
	}

	Agent updateProfile(UUID id, @Nullable String name, @Nullable String locale) {
		Agent agent = agent(id);
		Instant now = this.clock.instant();
		if (name != null) {
			agent.rename(name, now);
		}
		if (locale != null) {
			agent.changeLocale(locale(locale), now);
		}
		return this.agents.save(agent);
	}

	@Transactional(readOnly = true)
	Agent agent(UUID id) {
		return this.agents.findById(id).orElseThrow(() -> new ResourceNotFound("Agent", id));
	}

	@Transactional(readOnly = true)
	Optional<Agent> agentByEmail(String email) {
		return this.agents.findByEmail(Agent.normaliseEmail(email));
	}

	@Transactional(readOnly = true)
	CursorPage<Agent> agents(@Nullable Boolean active, @Nullable String query, @Nullable Cursor after, int limit) {
		String q = query == null || query.isBlank() ? null : "%" + query.strip().toLowerCase(Locale.ROOT) + "%";
		List<Agent> fetched = after == null ? this.agents.firstPage(active, q, Limit.of(limit + 1))
				: this.agents.pageAfter(after.get(0), after.uuid(1), active, q, Limit.of(limit + 1));
		return CursorPage.of(fetched, limit, a -> Cursor.of(a.name(), a.id()));
	}

	@Transactional(readOnly = true)
	List<Agent> agentsInTeam(UUID teamId) {
		return this.agents.findByTeam(teamId);
	}

	// Teams

	Team createTeam(String name, @Nullable String description) {
		if (this.teams.existsByNameIgnoreCase(name.strip())) {
			throw new AccountProblems.TeamNameTaken(name.strip());
		}
		return this.teams.save(new Team(name, description, this.clock.instant()));
	}

	Team updateTeam(UUID id, @Nullable String name, @Nullable String description) {
		Team team = team(id);
		String newName = name == null ? team.name() : name.strip();
		if (this.teams.existsByNameIgnoreCaseAndIdNot(newName, id)) {
			throw new AccountProblems.TeamNameTaken(newName);
		}
		team.update(newName, description == null ? team.description() : description, this.clock.instant());
		return this.teams.save(team);
	}

	/** Deletes a team; its agents stay, they are only no longer in it. */
	void deleteTeam(UUID id) {
		Team team = team(id);
		Instant now = this.clock.instant();
		for (Agent agent : this.agents.findByTeam(id)) {
			Set<Team> remaining = new HashSet<>(agent.teams());
			remaining.removeIf(t -> t.id().equals(id));
			agent.assignTeams(remaining, now);
		}
		this.teams.delete(team);
	}

	@Transactional(readOnly = true)
	Team team(UUID id) {
		return this.teams.findById(id).orElseThrow(() -> new ResourceNotFound("Team", id));
	}

	@Transactional(readOnly = true)
	List<Team> teams() {
		return this.teams.findAllByOrderByNameAsc();
	}

	// API tokens

	IssuedToken issueToken(UUID agentId, String name, @Nullable Instant expiresAt) {
		Agent agent = agent(agentId);
		TokenSecret secret = TokenSecret.generate();
		ApiToken token = this.tokens.save(new ApiToken(agent, name, secret, expiresAt, this.clock.instant()));
		return new IssuedToken(token, secret);
	}

	/** Stores a token whose value an operator chose (the seeded admin token of automated set-ups). */
	ApiToken registerToken(UUID agentId, String name, String value) {
		return this.tokens.save(new ApiToken(agent(agentId), name, new TokenSecret(value), null, this.clock.instant()));
	}

	@Transactional(readOnly = true)
	List<ApiToken> tokensOf(UUID agentId) {
		return this.tokens.findByAgent(agentId);
	}

	void revokeToken(UUID agentId, UUID tokenId) {
		ApiToken token = this.tokens.findById(tokenId)
			.filter(t -> t.agent().id().equals(agentId))
			.orElseThrow(() -> new ResourceNotFound("API token", tokenId));
		token.revoke(this.clock.instant());
	}

	/** Finds the agent a presented token belongs to, if the token is usable now. */
	Optional<Agent> authenticateToken(String presented) {
		Instant now = this.clock.instant();
		return this.tokens.findByHash(TokenSecret.hash(presented)).filter(t -> t.isUsable(now)).map(token -> {
			token.markUsed(now);
			return token.agent();
		});
	}

	// AgentDirectory

	@Override
	@Transactional(readOnly = true)
	public Optional<AgentSummary> findAgent(UUID id) {
		return this.agents.findById(id).map(Agent::summary);
	}

	@Override
	@Transactional(readOnly = true)
	public List<AgentSummary> activeAgents() {
		return this.agents.findByActiveTrueOrderByNameAsc().stream().map(Agent::summary).toList();
	}

	@Override
	@Transactional(readOnly = true)
	public boolean teamExists(UUID teamId) {
		return this.teams.existsById(teamId);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<String> teamName(UUID teamId) {
		return this.teams.findById(teamId).map(Team::name);
	}

	@Override
	@Transactional(readOnly = true)
	public List<java.util.Map.Entry<UUID, String>> teamNames() {
		return teams().stream().map(team -> java.util.Map.entry(team.id(), team.name())).toList();
	}

	private void requireAnotherActiveAdmin(Agent agent) {
		boolean another = this.agents.findByActiveTrueOrderByNameAsc()
			.stream()
			.anyMatch(a -> a.role() == Role.ADMIN && !a.id().equals(agent.id()));
		if (!another) {
			throw new AccountProblems.LastAdmin();
		}
	}

	private Set<Team> resolveTeams(Collection<UUID> ids) {
		Set<Team> resolved = new HashSet<>();
		for (UUID id : ids) {
			resolved.add(this.teams.findById(id).orElseThrow(() -> new AccountProblems.UnknownTeam(id)));
		}
		return resolved;
	}

	static void checkStrength(String password) {
		if (password.length() < 12 || password.length() > 128) {
			throw new AccountProblems.WeakPassword();
		}
	}

	private static String locale(String locale) {
		String normalised = locale.strip().toLowerCase(Locale.ROOT);
		if (!LOCALES.contains(normalised)) {
			throw new nl.naadloos.platform.InvalidRequest("Language must be 'en' or 'nl'.");
		}
		return normalised;
	}

	/** A token just created, with its clear text, which is never available again. */
	record IssuedToken(ApiToken token, TokenSecret secret) {
	}

	/** What is needed to create an agent. */
	record AgentDraft(String name, String email, Role role, String locale, Collection<UUID> teamIds,
			Collection<String> skills) {
	}

	/** Changes to an agent; {@code null} leaves a value as it is. */
	record AgentChanges(@Nullable String name, @Nullable String email, @Nullable Role role, @Nullable String locale,
			@Nullable Collection<UUID> teamIds, @Nullable Collection<String> skills) {
	}

}
