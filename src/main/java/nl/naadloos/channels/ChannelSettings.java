package nl.naadloos.channels;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.Channel;

/**
 * What the settings of one channel kind look like: which keys it takes, which of them are secrets
 * (write-only, encrypted at rest), and how they are checked.
 */
interface ChannelSettings {

	Channel channel();

	Set<String> secretKeys();

	/**
	 * Checks settings an admin sent and returns them cleaned, secrets still in clear text. For an update
	 * {@code current} holds the stored settings (secrets decrypted): secrets left out keep their value.
	 * @throws nl.naadloos.platform.InvalidRequest naming what is wrong
	 */
	Map<String, Object> validate(Map<String, Object> requested, @Nullable Map<String, Object> current);

}
