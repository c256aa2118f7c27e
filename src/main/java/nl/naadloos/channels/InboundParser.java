package nl.naadloos.channels;

import java.util.Map;

import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.conversations.InboundResult;
import nl.naadloos.platform.Channel;

/** Turns a stored raw inbound event of one channel into the envelope conversations thread. */
interface InboundParser {

	Channel channel();

	InboundEnvelope envelope(InboundEvent event, ChannelAccount account, Map<String, Object> settings);

	/**
	 * What the channel does once the message is threaded, in the same transaction (an e-mail
	 * acknowledgement, say). Nothing by default.
	 */
	default void afterReceive(InboundEnvelope envelope, InboundResult result, ChannelAccount account,
			Map<String, Object> settings) {
	}

}
