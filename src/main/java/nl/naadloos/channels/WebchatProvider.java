package nl.naadloos.channels;

import java.util.Map;

import org.springframework.stereotype.Component;

import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.platform.Channel;

/**
 * Delivers answers in the chat. The answer is stored in the conversation, which is where the widget reads
 * it: pushed at once to a visitor who is there ({@link WebchatLive}), shown when they come back, and sent
 * by e-mail when they do not come back in time ({@link WebchatEmailFallback}). It becomes read when the
 * visitor's widget says so.
 */
@Component
class WebchatProvider implements ChannelProvider {

	@Override
	public Channel channel() {
		return Channel.WEBCHAT;
	}

	@Override
	public Result send(ChannelAccount account, Map<String, Object> settings, OutboundMessage message,
			String recipientAddress) {
		return Result.sent(null);
	}

}
