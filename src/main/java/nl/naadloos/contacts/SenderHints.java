package nl.naadloos.contacts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who sent an inbound message, as a channel adapter saw it.
 *
 * @param channel the channel kind in lower case: {@code api}, {@code email}, {@code sms},
 * {@code whatsapp}, {@code webchat}, ...
 * @param channelAccountId the channel account the message came in on
 * @param primaryKind which identity the channel itself vouches for
 * @param primaryAddress the raw address: an e-mail address for {@link IdentityKind#EMAIL}, a phone
 * number in any format for {@link IdentityKind#PHONE} (a WhatsApp id without {@code +} on channel
 * {@code whatsapp}), a provider id for {@link IdentityKind#PROVIDER}
 * @param name the sender's name, when the channel knows it
 * @param email an e-mail address the sender gave (typed into a form or sent by an integration)
 * @param phone a phone number the sender gave, in any format
 * @param hintsVerified {@code true} when the channel account is trusted, so that {@code email} and
 * {@code phone} are verified identities; otherwise they are hints that can only lead to merge
 * suggestions
 * @param language the sender's language ({@code en}, {@code nl}, ...) when known
 */
public record SenderHints(String channel, UUID channelAccountId, IdentityKind primaryKind, String primaryAddress,
		@Nullable String name, @Nullable String email, @Nullable String phone, boolean hintsVerified,
		@Nullable String language) {
}
