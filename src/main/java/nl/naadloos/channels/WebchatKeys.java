package nl.naadloos.channels;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import nl.naadloos.platform.InvalidRequest;

/**
 * The keys of the chat widget. A visitor is known by a random token the browser keeps (never stored
 * here: the visitor's identity is a hash of it, so a database reader cannot act as a visitor); a logged-in
 * shop user by their identifier, vouched for by the shop's server with an HMAC of the widget's secret.
 * Files travel as tokens and URLs signed with that secret.
 */
final class WebchatKeys {

	static final int MAX_IDENTIFIER = 200;

	private static final Pattern TOKEN = Pattern.compile("v1\\.[A-Za-z0-9_-]{32}");

	private static final Pattern HEX_HASH = Pattern.compile("[0-9a-fA-F]{64}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

	private WebchatKeys() {
	}

	static String newToken() {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		return "v1." + BASE64.encodeToString(bytes);
	}

	static boolean validToken(@Nullable String token) {
		return token != null && TOKEN.matcher(token).matches();
	}

	/** The provider id of an anonymous visitor: a hash of their token. */
	static String visitorAddress(String token) {
		return "visitor:" + HexFormat.of().formatHex(sha256(token)).substring(0, 32);
	}

	/** The provider id of a logged-in shop user. */
	static String userAddress(String identifier) {
		return "user:" + normalisedIdentifier(identifier);
	}

	static String normalisedIdentifier(String identifier) {
		String stripped = identifier.strip();
		return stripped.contains("@") ? stripped.toLowerCase(Locale.ROOT) : stripped;
	}

	/** Whether {@code hash} is the hex HMAC-SHA256 of the identifier (as the shop sent it) with the secret. */
	static boolean vouches(String secret, String identifier, @Nullable String hash) {
		if (hash == null || !HEX_HASH.matcher(hash.strip()).matches() || identifier.isBlank()
				|| identifier.strip().length() > MAX_IDENTIFIER) {
			return false;
		}
		byte[] expected = Signatures.hmacSha256(secret, identifier.strip().getBytes(StandardCharsets.UTF_8));
		return MessageDigest.isEqual(expected, HexFormat.of().parseHex(hash.strip().toLowerCase(Locale.ROOT)));
	}

	/**
	 * A file a visitor uploaded, as a token only this browser (the holder of the visitor token, whether or not
	 * the shop also says who they are) can use in a message of this widget.
	 */
	static String fileToken(String secret, String visitorAddress, UploadedFile file) {
		String payload = String.join("\n", file.sha256(), file.contentType(), Long.toString(file.size()), file.name());
		String encoded = BASE64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
		return encoded + "." + sign(secret, "file\n" + visitorAddress + "\n" + encoded);
	}

	/** @throws InvalidRequest when the token is not one this widget gave this visitor */
	static UploadedFile readFileToken(String secret, String visitorAddress, String token) {
		int dot = token.lastIndexOf('.');
		if (dot <= 0 || token.length() > 2000) {
			throw new InvalidRequest("That file is unknown; upload it again.");
		}
		String encoded = token.substring(0, dot);
		byte[] expected = sign(secret, "file\n" + visitorAddress + "\n" + encoded).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
			throw new InvalidRequest("That file is unknown; upload it again.");
		}
		String[] parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n", 4);
		return new UploadedFile(parts[3], parts[1], Long.parseLong(parts[2]), parts[0]);
	}

	/** The signature in the URL of a file of a conversation. */
	static String fileSignature(String secret, UUID attachmentId) {
		return sign(secret, "download\n" + attachmentId);
	}

	static boolean validFileSignature(String secret, UUID attachmentId, @Nullable String signature) {
		return signature != null && MessageDigest.isEqual(fileSignature(secret, attachmentId).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	private static String sign(String secret, String text) {
		return BASE64.encodeToString(Signatures.hmacSha256(secret, text.getBytes(StandardCharsets.UTF_8)));
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A file in the blob store, as the visitor named it and as its content says it is. */
	record UploadedFile(String name, String contentType, long size, String sha256) {
	}

}
