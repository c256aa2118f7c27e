package nl.naadloos.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Files of messages (attachments, inline images, raw e-mails) on disk under {@code <data-dir>/blobs},
 * named by the SHA-256 of their content: written once however often they arrive, streamed in and out,
 * never held whole in memory. In a cluster every node must see the same directory (a shared volume).
 */
@Component
public class BlobStore {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private final Path root;

	public BlobStore(@Value("${naadloos.data-dir}") Path dataDir) {
		this.root = dataDir.resolve("blobs").toAbsolutePath().normalize();
	}

	/**
	 * Stores what the stream holds, up to {@code maxBytes}.
	 * @return its content hash and size
	 * @throws TooLarge when there is more (nothing is kept)
	 */
	public Stored put(InputStream content, long maxBytes) {
		try {
			Files.createDirectories(this.root);
			Path temp = Files.createTempFile(this.root, "incoming-", ".part");
			try {
				MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
				long size;
				try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha256)) {
					size = copy(content, out, maxBytes);
				}
				String hash = HexFormat.of().formatHex(sha256.digest());
				Path target = path(hash);
				Files.createDirectories(target.getParent());
				if (!Files.exists(target)) {
					move(temp, target);
				}
				return new Stored(hash, size);
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not store a file under " + this.root, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Opens a stored file; the caller closes the stream. */
	public InputStream open(String sha256) {
		try {
			return Files.newInputStream(path(sha256));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Stored file " + sha256 + " cannot be read", ex);
		}
	}

	/**
	 * Where a stored file is on disk, for readers that need to read it in place (a mail parsed part by
	 * part); nobody writes to it.
	 * @throws UncheckedIOException when it is not stored
	 */
	public Path file(String sha256) {
		Path file = path(sha256);
		if (!Files.isRegularFile(file)) {
			throw new UncheckedIOException("Stored file " + sha256 + " is not in " + this.root,
					new NoSuchFileException(file.toString()));
		}
		return file;
	}

	public boolean exists(String sha256) {
		return Files.isRegularFile(path(sha256));
	}

	/** Removes a stored file (for erasure); the caller makes sure nothing refers to it any more. */
	public void delete(String sha256) {
		try {
			Files.deleteIfExists(path(sha256));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Stored file " + sha256 + " cannot be deleted", ex);
		}
	}

	private Path path(String sha256) {
		if (!SHA256.matcher(sha256).matches()) {
			throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
		}
		return this.root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	private static long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
		byte[] buffer = new byte[64 * 1024];
		long total = 0;
		for (int read; (read = in.read(buffer)) != -1;) {
			total += read;
			if (total > maxBytes) {
				throw new TooLarge(maxBytes);
			}
			out.write(buffer, 0, read);
		}
		return total;
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (FileAlreadyExistsException sameContentMeanwhile) {
			// Another request stored the same content a moment ago: it is there, which is all we need.
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/**
	 * A stored file.
	 * @param sha256 hex SHA-256 of the content, its name in the store
	 * @param size bytes
	 */
	public record Stored(String sha256, long size) {
	}

	/** More bytes than allowed. */
	public static final class TooLarge extends ProblemException {

		public TooLarge(long maxBytes) {
			super(HttpStatus.CONTENT_TOO_LARGE, "file-too-large", "File too large",
					"A file is larger than the " + maxBytes + " bytes allowed.");
		}

	}

}
