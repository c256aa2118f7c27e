package nl.naadloos.channels;

import java.util.Map;

import nl.naadloos.conversations.InboundEnvelope;
import nl.naadloos.platform.Channel;

/** Turns a stored raw inbound event of one channel into the envelope conversations thread. */
interface InboundParser {

	Channel channel();

	InboundEnvelope envelope(InboundEvent event, ChannelAccount account, Map<String, Object> settings);

}
