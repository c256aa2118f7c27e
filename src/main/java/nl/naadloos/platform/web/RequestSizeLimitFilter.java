package nl.naadloos.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import nl.naadloos.platform.ProblemWriter;

/**
 * Rejects API request bodies over the configured limit with 413, before anything reads them. A body
 * that declares its length is refused up front; a chunked body is counted while it is read. File uploads
 * ({@code multipart/form-data}) have a limit of their own.
 */
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final DataSize requestLimit;

	private final DataSize uploadLimit;

	private final ProblemWriter problems;

	RequestSizeLimitFilter(DataSize requestLimit, DataSize uploadLimit, ProblemWriter problems) {
		this.requestLimit = requestLimit;
		this.uploadLimit = uploadLimit;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType();
		DataSize limit = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
				? this.uploadLimit : this.requestLimit;
		long declared = request.getContentLengthLong();
		if (declared > limit.toBytes()) {
			PayloadTooLarge tooLarge = new PayloadTooLarge(limit);
			// The client may still be sending; closing the connection stops it cleanly.
			response.setHeader("Connection", "close");
			this.problems.write(response,
					ProblemWriter.problem(tooLarge.status(), tooLarge.type(), tooLarge.title(), tooLarge.getMessage()));
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final DataSize limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, DataSize limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

		@Override
		public java.io.BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding() != null ? getCharacterEncoding() : "UTF-8";
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private long count;

		LimitedInputStream(ServletInputStream delegate, DataSize limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			this.count += n;
			if (this.count > this.limit.toBytes()) {
				throw new PayloadTooLarge(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
