package nl.naadloos.contacts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One address of a contact on one channel.
 *
 * @param id the identity's id
 * @param kind e-mail address, phone number or provider id
 * @param address the normalised address: lower-case e-mail with ASCII domain, E.164 phone number, or the
 * provider id as given
 * @param displayAddress the address as people write it: the e-mail as the contact wrote it, the phone
 * number in international format
 * @param channelAccountId the channel account a provider id belongs to; {@code null} for e-mail and phone
 * @param verified whether the address is known to belong to the contact (proven by the channel, a trusted
 * channel account or an agent)
 */
public record IdentitySummary(UUID id, IdentityKind kind, String address, String displayAddress,
		@Nullable UUID channelAccountId, boolean verified) {
}
