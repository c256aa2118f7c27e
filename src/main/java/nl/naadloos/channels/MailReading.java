package nl.naadloos.channels;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.SharedInputStream;

import org.springframework.util.unit.DataSize;

/**
 * One mail being read: its files and refusals, and the stored .eml files it has open (the mail and any
 * forwarded ones), all closed at the end. A mail is parsed in place from its file (a
 * {@link SharedInputStream}): parts are read when they are walked, so a mail is never held whole in memory.
 */
final class MailReading implements Closeable {

	final List<MailFiles.Found> files = new ArrayList<>();

	final List<String> refused = new ArrayList<>();

	/** Parts read so far, and those left unread past {@link EmailParser#MAX_PARTS}. */
	int parts;

	int skipped;

	private final List<FileChannel> open = new ArrayList<>();

	/**
	 * One session for every mail: creating one looks up the mail library's configuration on the class path
	 * each time, which was a fifth of the CPU of taking in mail. A session is safe to share.
	 */
	private static final Session SESSION = Session.getInstance(properties());

	private static Properties properties() {
		Properties properties = new Properties();
		// A multipart without parts is read as empty instead of failing the whole mail.
		properties.setProperty("mail.mime.multipart.allowempty", "true");
		return properties;
	}

	/** Parses a stored mail in place: only its headers are read now, parts when they are walked. */
	MimeMessage open(Path file) throws IOException, MessagingException {
		FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
		this.open.add(channel);
		return new MimeMessage(SESSION, new FileSlice(channel, 0, channel.size()));
	}

	void refused(String name, DataSize limit) {
		String size = limit.toBytes() % (1024 * 1024) == 0 ? limit.toMegabytes() + " MB"
				: limit.toKilobytes() + " KB";
		this.refused.add("File " + name + " was refused: larger than " + size);
	}

	@Override
	public void close() throws IOException {
		IOException failed = null;
		for (FileChannel channel : this.open) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				failed = ex;
			}
		}
		if (failed != null) {
			throw failed;
		}
	}

	/**
	 * A stretch of a file as a {@link SharedInputStream}, so that Jakarta Mail keeps parts as positions in
	 * the file instead of copying them into memory. Unlike {@code SharedFileInputStream}, whose file is
	 * only closed when every sub-stream has been closed (Jakarta Mail keeps some open, so that is left to
	 * finalisation), all slices share one channel that the {@link MailReading} closes.
	 */
	static final class FileSlice extends BufferedInputStream implements SharedInputStream {

		private final Region region;

		FileSlice(FileChannel channel, long start, long end) {
			this(new Region(channel, start, end));
		}

		private FileSlice(Region region) {
			// Every part of a mail keeps a slice: a buffer no larger than the part, so that thousands of tiny
			// parts cost no more memory than the mail itself.
			super(region, (int) Math.max(16, Math.min(8192, region.end - region.start)));
			this.region = region;
		}

		@Override
		public long getPosition() {
			synchronized (this) {
				return this.region.position - this.region.start - (this.count - this.pos);
			}
		}

		@Override
		public InputStream newStream(long start, long end) {
			long from = this.region.start + start;
			long to = end < 0 ? this.region.end : Math.min(this.region.end, this.region.start + end);
			return new FileSlice(this.region.channel, from, Math.max(from, to));
		}

	}

	/** Positional reads of a stretch of a shared channel (thread-safe, no shared position). */
	private static final class Region extends InputStream {

		final FileChannel channel;

		final long start;

		final long end;

		long position;

		Region(FileChannel channel, long start, long end) {
			this.channel = channel;
			this.start = start;
			this.end = end;
			this.position = start;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			long left = this.end - this.position;
			if (left <= 0) {
				return -1;
			}
			int read = this.channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, left)), this.position);
			if (read <= 0) {
				return -1;
			}
			this.position += read;
			return read;
		}

		@Override
		public long skip(long n) {
			long skipped = Math.max(0, Math.min(n, this.end - this.position));
			this.position += skipped;
			return skipped;
		}

		@Override
		public int available() {
			return (int) Math.min(Integer.MAX_VALUE, Math.max(0, this.end - this.position));
		}

	}

}
