package nl.naadloos.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The clear text of an API token: {@code nld_} followed by 256 random bits. Tokens have full entropy,
 * so a fast hash (SHA-256) is safe for storing them and keeps every API call cheap.
 *
 * @param value the token as the owner uses it
 */
record TokenSecret(String value) {

	static final String PREFIX = "nld_";

	private static final SecureRandom RANDOM = new SecureRandom();

	static TokenSecret generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new TokenSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
	}

	String hash() {
		return hash(this.value);
	}

	static String hash(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String prefix() {
		return this.value.substring(0, Math.min(12, this.value.length()));
	}

	@Override
	public String toString() {
		return "TokenSecret[" + prefix() + "…]";
	}

}
