package nl.naadloos.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (channel passwords, webhook secrets) with AES-256-GCM. The key comes from
 * {@code NAADLOOS_SECRET_KEY} (Base64 of 32 bytes; required when several nodes share a database), or
 * else from {@code <data-dir>/secret.key}, created on first start.
 */
@Component
public class SecretBox {

	private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

	private static final String PREFIX = "enc:v1:";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(@Value("${naadloos.secret-key:}") String configuredKey, @Value("${naadloos.data-dir}") String dataDir) {
		this.key = new SecretKeySpec(loadKey(configuredKey, Path.of(dataDir, "secret.key")), "AES");
	}

	public String encrypt(String plain) {
		try {
			byte[] iv = new byte[12];
			RANDOM.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, iv));
			byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, out, 0, iv.length);
			System.arraycopy(sealed, 0, out, iv.length, sealed.length);
			return PREFIX + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a secret", ex);
		}
	}

	public String decrypt(String sealed) {
		if (!sealed.startsWith(PREFIX)) {
			throw new IllegalArgumentException("Not an encrypted secret");
		}
		try {
			byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, in, 0, 12));
			return new String(cipher.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"Could not decrypt a stored secret: NAADLOOS_SECRET_KEY (or data/secret.key) differs from the one it was stored with",
					ex);
		}
	}

	private static byte[] loadKey(@Nullable String configured, Path file) {
		if (configured != null && !configured.isBlank()) {
			byte[] key = Base64.getDecoder().decode(configured.strip());
			if (key.length != 32) {
				throw new IllegalStateException("NAADLOOS_SECRET_KEY must be the Base64 form of 32 random bytes");
			}
			return key;
		}
		try {
			if (Files.exists(file)) {
				return Base64.getDecoder().decode(Files.readString(file).strip());
			}
			byte[] key = new byte[32];
			RANDOM.nextBytes(key);
			Files.createDirectories(file.getParent());
			Files.writeString(file, Base64.getEncoder().encodeToString(key));
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException notPosix) {
				// Windows: the folder's own permissions apply.
			}
			log.info("Created a new key for secrets at rest in {}; back it up with the database", file);
			return key;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read or create the secret key file " + file, ex);
		}
	}

}
