package nl.naadloos.channels;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import nl.naadloos.accounts.AgentPresence;
import nl.naadloos.platform.Channel;

/** The chat widgets as the widget code needs them: active, with their settings read once. */
@Component
class WebchatWidgets {

	private final ChannelAccountService accounts;

	private final ChannelAccounts accountsRepository;

	private final ObjectProvider<AgentPresence> presence;

	private final Clock clock;

	private final ZoneId zone;

	WebchatWidgets(ChannelAccountService accounts, ChannelAccounts accountsRepository,
			ObjectProvider<AgentPresence> presence, Clock clock, @Value("${naadloos.time-zone:Europe/Amsterdam}") ZoneId zone) {
		this.accounts = accounts;
		this.accountsRepository = accountsRepository;
		this.presence = presence;
		this.clock = clock;
		this.zone = zone;
	}

	Optional<Widget> active(UUID id) {
		return this.accounts.live(id)
			.filter(account -> account.activeAs(Channel.WEBCHAT))
			.map(account -> new Widget(account.account().id(), account.account().name(), account.settings()));
	}

	/** The mailbox that answers for the widget by e-mail: its own choice, else the first active one. */
	Optional<ChannelAccountService.LiveAccount> mailbox(Widget widget) {
		if (widget.mailbox() != null) {
			return this.accounts.live(widget.mailbox()).filter(account -> account.activeAs(Channel.EMAIL));
		}
		return this.accountsRepository.findAllByOrderByKindAscNameAsc()
			.stream()
			.filter(account -> account.kind() == Channel.EMAIL && account.isActive())
			.findFirst()
			.flatMap(account -> this.accounts.live(account.id()));
	}

	/** Within opening hours, and someone there to answer (of the widget's team, when it has one). */
	boolean online(Widget widget) {
		if (!WebchatSettings.open(widget.settings(), ZonedDateTime.now(this.clock.withZone(this.zone)))) {
			return false;
		}
		AgentPresence agents = this.presence.getIfAvailable();
		return agents == null || agents.anyoneThere(widget.team());
	}

	/** One widget account and its settings (secret in clear text: never log or show it). */
	record Widget(UUID id, String name, Map<String, Object> settings) {

		String secret() {
			return (String) this.settings.get("secret");
		}

		String language() {
			return (String) this.settings.getOrDefault("language", "auto");
		}

		boolean rating() {
			return !Boolean.FALSE.equals(this.settings.get("rating"));
		}

		boolean transcript() {
			return !Boolean.FALSE.equals(this.settings.get("transcript"));
		}

		@Nullable UUID team() {
			return this.settings.get("team") instanceof String team ? UUID.fromString(team) : null;
		}

		@Nullable UUID mailbox() {
			return this.settings.get("mailbox") instanceof String mailbox ? UUID.fromString(mailbox) : null;
		}

		int emailAfterMinutes() {
			return this.settings.get("emailAfterMinutes") instanceof Number minutes ? minutes.intValue()
					: WebchatSettings.DEFAULT_EMAIL_AFTER_MINUTES;
		}

		@Override
		public String toString() {
			return "Widget[" + this.id + "]"; // never the settings: they hold the secret
		}

	}

}
