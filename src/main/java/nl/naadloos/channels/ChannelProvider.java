package nl.naadloos.channels;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import nl.naadloos.conversations.OutboundDelivery.OutboundMessage;
import nl.naadloos.platform.Channel;

/** Sends replies through one channel; one implementation per channel (or provider of it). */
interface ChannelProvider {

	Channel channel();

	/**
	 * Sends the message.
	 * @param recipientAddress the contact's address on this channel (provider id, e-mail, E.164)
	 */
	Result send(ChannelAccount account, Map<String, Object> settings, OutboundMessage message, String recipientAddress);

	/**
	 * @param outcome what happened
	 * @param providerMessageId the provider's id of the sent message
	 * @param error why it failed, in words
	 */
	record Result(Outcome outcome, @Nullable String providerMessageId, @Nullable String error) {

		static Result sent(@Nullable String providerMessageId) {
			return new Result(Outcome.SENT, providerMessageId, null);
		}

		static Result retry(String error) {
			return new Result(Outcome.RETRY, null, error);
		}

		static Result failed(String error) {
			return new Result(Outcome.FAILED, null, error);
		}

	}

	enum Outcome {

		SENT, RETRY, FAILED

	}

}
