package nl.naadloos.accounts;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.FetchType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.BatchSize;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.AbstractAggregateRoot;

/**
 * A person who works in Naadloos. Agents are never deleted, only deactivated, so that the history of
 * every conversation keeps naming who did what.
 */
@Entity
@Table(name = "agents")
class Agent extends AbstractAggregateRoot<Agent> {

	@Id
	private UUID id;

	private String name;

	private String email;

	private String passwordHash;

	@Enumerated(EnumType.STRING)
	private Role role;

	private String locale;

	private boolean active;

	private Instant createdAt;

	private Instant updatedAt;

	private @Nullable Instant deactivatedAt;

	@Version
	private long version;

	// Small sets, needed wherever an agent is shown; loaded in batches to avoid one query per agent.
	@ManyToMany(fetch = FetchType.EAGER)
	@BatchSize(size = 50)
	@JoinTable(name = "agent_teams", joinColumns = @JoinColumn(name = "agent_id"),
			inverseJoinColumns = @JoinColumn(name = "team_id"))
	private Set<Team> teams = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@BatchSize(size = 50)
	@CollectionTable(name = "agent_skills", joinColumns = @JoinColumn(name = "agent_id"))
	@Column(name = "skill")
	private Set<String> skills = new LinkedHashSet<>();

	protected Agent() {
		this.id = UUID.randomUUID();
		this.name = "";
		this.email = "";
		this.passwordHash = "";
		this.role = Role.AGENT;
		this.locale = "en";
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
	}

	Agent(String name, String email, String passwordHash, Role role, String locale, Instant now) {
		this.id = UUID.randomUUID();
		this.name = name.strip();
		this.email = normaliseEmail(email);
		this.passwordHash = passwordHash;
		this.role = role;
		this.locale = locale;
		this.active = true;
		this.createdAt = now;
		this.updatedAt = now;
	}

	static String normaliseEmail(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	void rename(String name, Instant now) {
		this.name = name.strip();
		touch(now);
	}

	void changeEmail(String email, Instant now) {
		this.email = normaliseEmail(email);
		touch(now);
	}

	void changeRole(Role role, Instant now) {
		this.role = role;
		touch(now);
	}

	void changeLocale(String locale, Instant now) {
		this.locale = locale;
		touch(now);
	}

	void changePassword(String passwordHash, Instant now) {
		this.passwordHash = passwordHash;
		touch(now);
	}

	void assignTeams(Set<Team> teams, Instant now) {
		this.teams.clear();
		this.teams.addAll(teams);
		touch(now);
	}

	void assignSkills(Set<String> skills, Instant now) {
		this.skills.clear();
		skills.stream()
			.map(s -> s.strip().toLowerCase(Locale.ROOT))
			.filter(s -> !s.isEmpty())
			.forEach(this.skills::add);
		touch(now);
	}

	void deactivate(Instant now) {
		if (!this.active) {
			throw new IllegalStateException("Agent " + this.id + " is already deactivated");
		}
		this.active = false;
		this.deactivatedAt = now;
		touch(now);
		registerEvent(new AgentDeactivated(this.id));
	}

	void reactivate(Instant now) {
		if (this.active) {
			throw new IllegalStateException("Agent " + this.id + " is already active");
		}
		this.active = true;
		this.deactivatedAt = null;
		touch(now);
	}

	private void touch(Instant now) {
		this.updatedAt = now;
	}

	UUID id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	String email() {
		return this.email;
	}

	String passwordHash() {
		return this.passwordHash;
	}

	Role role() {
		return this.role;
	}

	String locale() {
		return this.locale;
	}

	boolean isActive() {
		return this.active;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant updatedAt() {
		return this.updatedAt;
	}

	@Nullable Instant deactivatedAt() {
		return this.deactivatedAt;
	}

	List<Team> teams() {
		return this.teams.stream().sorted(Comparator.comparing(Team::name, String.CASE_INSENSITIVE_ORDER)).toList();
	}

	List<String> skills() {
		return this.skills.stream().sorted().toList();
	}

	boolean isIn(UUID teamId) {
		return this.teams.stream().anyMatch(t -> t.id().equals(teamId));
	}

	AgentSummary summary() {
		return new AgentSummary(this.id, this.name, this.email, this.role, this.locale, this.active,
				this.teams.stream().map(Team::id).toList(), skills());
	}

}
