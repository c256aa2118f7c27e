package nl.naadloos.contacts;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.InvalidRequest;

/**
 * A normalised address with its display form and the scope it is unique in: e-mail addresses and phone
 * numbers are global, a provider id only means something within its channel account.
 *
 * @param kind the kind of address
 * @param address the stored, normalised form
 * @param displayAddress the form people read
 * @param scope {@link Identity#GLOBAL} for e-mail and phone, the channel account for provider ids
 */
record Address(IdentityKind kind, String address, String displayAddress, UUID scope) {

	/**
	 * Normalises a raw address.
	 * @param channel the channel the address came from (WhatsApp ids are phone numbers without plus), or
	 * {@code null} when an agent typed it
	 * @param channelAccountId the channel account of a provider id
	 * @throws nl.naadloos.platform.InvalidRequest when the address is not valid for its kind
	 */
	static Address of(IdentityKind kind, String raw, @Nullable String channel, @Nullable UUID channelAccountId,
			String defaultRegion) {
		return switch (kind) {
			case EMAIL -> new Address(kind, Addresses.email(raw), raw.strip(), Identity.GLOBAL);
			case PHONE -> {
				String e164 = channel == null ? Addresses.phone(raw, defaultRegion)
						: Addresses.phoneOnChannel(channel, raw, defaultRegion);
				yield new Address(kind, e164, Addresses.internationalFormat(e164), Identity.GLOBAL);
			}
			case PROVIDER -> {
				if (channelAccountId == null) {
					throw new InvalidRequest("A provider id needs the channel account it belongs to.");
				}
				String id = Addresses.providerId(raw);
				yield new Address(kind, id, id, channelAccountId);
			}
		};
	}

	/** The channel account of a provider id; {@code null} for global kinds. */
	@Nullable UUID channelAccountId() {
		return this.kind == IdentityKind.PROVIDER ? this.scope : null;
	}

	/** Whether both are the same address, however they were written. */
	boolean sameAs(Address other) {
		return this.kind == other.kind && this.scope.equals(other.scope) && this.address.equals(other.address);
	}

	/** How the address is named in messages to people. */
	String describe() {
		return switch (this.kind) {
			case EMAIL -> "e-mail address " + this.address;
			case PHONE -> "phone number " + this.address;
			case PROVIDER -> "id " + this.address;
		};
	}

}
