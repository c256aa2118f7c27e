package nl.naadloos.conversations;

import java.util.Optional;
import java.util.UUID;

import nl.naadloos.platform.Channel;

/**
 * What conversations need to know of channel accounts, to choose where a reply goes. Implemented by the
 * channels module (which depends on conversations, not the other way round).
 */
public interface ChannelAccountDirectory {

	Optional<ChannelAccountInfo> find(UUID channelAccountId);

	/**
	 * @param id the account
	 * @param channel its channel
	 * @param name its name as admins gave it
	 * @param active whether it sends and receives
	 */
	record ChannelAccountInfo(UUID id, Channel channel, String name, boolean active) {
	}

}
