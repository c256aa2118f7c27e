package nl.naadloos.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body as a browser sends it. */
public final class MultipartBody {

	private final String boundary = "----naadloos" + UUID.randomUUID().toString().replace("-", "");

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	public MultipartBody field(String name, String value) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n");
		return this;
	}

	public MultipartBody file(String name, String fileName, String type, byte[] content) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: " + type + "\r\n\r\n");
		this.out.writeBytes(content);
		write("\r\n");
		return this;
	}

	public byte[] bytes() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		all.writeBytes(this.out.toByteArray());
		all.writeBytes(("--" + this.boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return all.toByteArray();
	}

	public String contentType() {
		return "multipart/form-data; boundary=" + this.boundary;
	}

	private void write(String text) {
		this.out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
