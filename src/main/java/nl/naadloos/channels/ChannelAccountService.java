package nl.naadloos.channels;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import nl.naadloos.conversations.ChannelAccountDirectory;
import nl.naadloos.platform.Channel;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;
import nl.naadloos.platform.SecretBox;

/** Creates and changes channel accounts; stores their secrets encrypted and never shows them again. */
@Service
@Transactional
class ChannelAccountService implements ChannelAccountDirectory {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final ChannelAccounts accounts;

	private final Map<Channel, ChannelSettings> kinds;

	private final SecretBox secrets;

	private final JsonMapper json;

	private final Clock clock;

	/** Accounts with decrypted settings for the message paths, by id; see {@link #live(UUID)}. */
	private final Map<UUID, Loaded> live = new ConcurrentHashMap<>();

	private final long liveNanos;

	ChannelAccountService(ChannelAccounts accounts, List<ChannelSettings> kinds, SecretBox secrets, JsonMapper json,
			Clock clock, @Value("${naadloos.channels.account-cache:PT5S}") Duration liveFor) {
		this.accounts = accounts;
		this.kinds = kinds.stream().collect(Collectors.toMap(ChannelSettings::channel, Function.identity()));
		this.secrets = secrets;
		this.json = json;
		this.clock = clock;
		this.liveNanos = liveFor.toNanos();
	}

	ChannelAccount create(String kind, String name, Map<String, Object> settings) {
		ChannelSettings definition = definition(kind);
		Map<String, Object> valid = definition.validate(settings, null);
		return this.accounts.save(new ChannelAccount(definition.channel(), name, seal(definition, valid), this.clock.instant()));
	}

	ChannelAccount update(UUID id, @Nullable String name, @Nullable Map<String, Object> settings,
			@Nullable Boolean active) {
		ChannelAccount account = account(id);
		ChannelSettings definition = this.kinds.get(account.kind());
		String sealed = account.settings();
		if (settings != null) {
			sealed = seal(definition, definition.validate(settings, settings(account)));
		}
		account.update(name == null ? account.name() : name, sealed, active == null ? account.isActive() : active,
				this.clock.instant());
		forget(id);
		return this.accounts.save(account);
	}

	/**
	 * The account with its settings decrypted, as the inbound and outbound message paths need it for
	 * every message: kept in memory for {@code naadloos.channels.account-cache} (5 s), so that a message
	 * costs no query and no decryption. A change on this node takes effect at once; a change made on
	 * another node of a cluster within that time.
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	Optional<LiveAccount> live(UUID id) {
		long now = System.nanoTime();
		Loaded loaded = this.live.get(id);
		if (loaded != null && now - loaded.at() < this.liveNanos) {
			return Optional.of(loaded.account());
		}
		Optional<LiveAccount> found = this.accounts.findById(id).map(a -> new LiveAccount(a, Collections.unmodifiableMap(settings(a))));
		// Only accounts that exist are kept: requests to made-up ids must not fill the memory.
		found.ifPresentOrElse(a -> this.live.put(id, new Loaded(a, now)), () -> this.live.remove(id));
		return found;
	}

	/** Drops the kept copy now and again after the change commits, so no reader keeps the old one. */
	private void forget(UUID id) {
		this.live.remove(id);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					ChannelAccountService.this.live.remove(id);
				}
			});
		}
	}

	@Transactional(readOnly = true)
	ChannelAccount account(UUID id) {
		return this.accounts.findById(id).orElseThrow(() -> new ResourceNotFound("Channel account", id));
	}

	@Transactional(readOnly = true)
	Optional<ChannelAccount> activeAccount(UUID id, Channel kind) {
		return this.accounts.findById(id).filter(a -> a.kind() == kind && a.isActive());
	}

	@Transactional(readOnly = true)
	List<ChannelAccount> all() {
		return this.accounts.findAllByOrderByKindAscNameAsc();
	}

	/** The account's settings with secrets decrypted, for the adapter that uses them. */
	Map<String, Object> settings(ChannelAccount account) {
		Map<String, Object> stored = this.json.readValue(account.settings(), MAP);
		ChannelSettings definition = this.kinds.get(account.kind());
		Map<String, Object> plain = new LinkedHashMap<>(stored);
		for (String key : definition.secretKeys()) {
			if (plain.get(key) instanceof String sealed) {
				plain.put(key, this.secrets.decrypt(sealed));
			}
		}
		return plain;
	}

	/** The settings as admins may see them: secrets replaced by whether they are set. */
	Map<String, Object> visibleSettings(ChannelAccount account) {
		Map<String, Object> stored = new LinkedHashMap<>(this.json.readValue(account.settings(), MAP));
		for (String key : this.kinds.get(account.kind()).secretKeys()) {
			stored.put(key + "Set", stored.remove(key) != null);
		}
		return stored;
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<ChannelAccountInfo> find(UUID channelAccountId) {
		return this.accounts.findById(channelAccountId)
			.map(a -> new ChannelAccountInfo(a.id(), a.kind(), a.name(), a.isActive()));
	}

	/**
	 * A channel account (detached, read-only) and its decrypted settings.
	 * @param account the account as it was loaded
	 * @param settings its settings with secrets decrypted
	 */
	record LiveAccount(ChannelAccount account, Map<String, Object> settings) {

		UUID id() {
			return this.account.id();
		}

		boolean activeAs(Channel kind) {
			return this.account.kind() == kind && this.account.isActive();
		}

		@Override
		public String toString() {
			return "LiveAccount[" + this.account.id() + "]"; // never the settings: they hold secrets
		}

	}

	private record Loaded(LiveAccount account, long at) {
	}

	private String seal(ChannelSettings definition, Map<String, Object> settings) {
		Map<String, Object> sealed = new LinkedHashMap<>(settings);
		for (String key : definition.secretKeys()) {
			if (sealed.get(key) instanceof String plain) {
				sealed.put(key, this.secrets.encrypt(plain));
			}
		}
		return this.json.writeValueAsString(sealed);
	}

	private ChannelSettings definition(String kind) {
		Channel channel;
		try {
			channel = Channel.fromKey(kind);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequest("Unknown channel kind '" + kind + "'.");
		}
		ChannelSettings definition = this.kinds.get(channel);
		if (definition == null) {
			throw new ChannelProblems.UnsupportedKind(kind,
					this.kinds.keySet().stream().map(Channel::key).sorted().collect(Collectors.joining(", ")));
		}
		return definition;
	}

}
