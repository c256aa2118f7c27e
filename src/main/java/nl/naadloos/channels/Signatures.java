package nl.naadloos.channels;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/** HMAC signatures over raw request bodies, compared in constant time. */
final class Signatures {

	static final String SHA256_PREFIX = "sha256=";

	private Signatures() {
	}

	static String sha256Header(String secret, byte[] body) {
		return SHA256_PREFIX + HexFormat.of().formatHex(hmacSha256(secret, body));
	}

	static boolean matchesSha256Header(String secret, byte[] body, @Nullable String header) {
		if (header == null || !header.startsWith(SHA256_PREFIX)) {
			return false;
		}
		byte[] presented;
		try {
			presented = HexFormat.of().parseHex(header.substring(SHA256_PREFIX.length()).strip().toLowerCase());
		}
		catch (IllegalArgumentException notHex) {
			return false;
		}
		return MessageDigest.isEqual(hmacSha256(secret, body), presented);
	}

	static byte[] hmacSha256(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
