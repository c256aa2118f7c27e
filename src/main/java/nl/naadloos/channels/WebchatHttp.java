package nl.naadloos.channels;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import nl.naadloos.conversations.CustomerConversations;
import nl.naadloos.platform.BlobStore;
import nl.naadloos.platform.InvalidRequest;
import nl.naadloos.platform.ResourceNotFound;

/**
 * The widget's plain HTTP: its configuration, uploads and the files of a conversation. Public, for the
 * sites a widget allows ({@link WebchatCors} lets only those read the answers).
 */
@RestController
class WebchatHttp {

	static final Set<String> FILE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf");

	private final WebchatWidgets widgets;

	private final BlobStore blobs;

	private final CustomerConversations customers;

	private final MessageSource texts;

	private final RateLimits limits;

	private final long maxFileSize;

	WebchatHttp(WebchatWidgets widgets, BlobStore blobs, CustomerConversations customers, MessageSource texts, Clock clock,
			@Value("${naadloos.channels.webchat.max-file-size:10MB}") DataSize maxFileSize) {
		this.widgets = widgets;
		this.blobs = blobs;
		this.customers = customers;
		this.texts = texts;
		this.limits = new RateLimits(clock);
		this.maxFileSize = maxFileSize.toBytes();
	}

	@GetMapping("/widget/api/{widgetId}/config")
	ResponseEntity<Map<String, Object>> config(@PathVariable UUID widgetId,
			@RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin, HttpServletRequest request) {
		WebchatWidgets.Widget widget = widget(widgetId, origin, request);
		Map<String, Object> settings = widget.settings();
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("widgetId", widget.id());
		config.put("name", widget.name());
		config.put("colour", settings.getOrDefault("colour", WebchatSettings.DEFAULT_COLOUR));
		config.put("position", settings.getOrDefault("position", "right"));
		config.put("language", widget.language());
		config.put("greeting", Map.of("en", greeting(settings, "greetingEn", Locale.ENGLISH), "nl",
				greeting(settings, "greetingNl", Locale.forLanguageTag("nl"))));
		config.put("preChat", settings.getOrDefault("preChat", WebchatSettings.defaultPreChat()));
		config.put("online", this.widgets.online(widget));
		config.put("rating", widget.rating());
		config.put("transcript", widget.transcript());
		config.put("files", Map.of("maxSize", this.maxFileSize, "types", List.copyOf(FILE_TYPES).stream().sorted().toList()));
		return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
	}

	private String greeting(Map<String, Object> settings, String key, Locale language) {
		return settings.get(key) instanceof String text ? text
				: this.texts.getMessage("webchat.greeting", null, "Hi! How can we help?", language);
	}

	@PostMapping(path = "/widget/api/{widgetId}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<Map<String, Object>> upload(@PathVariable UUID widgetId, @RequestParam("token") String token,
			@RequestPart("file") MultipartFile file,
			@RequestHeader(name = HttpHeaders.ORIGIN, required = false) @Nullable String origin, HttpServletRequest request)
			throws IOException {
		WebchatWidgets.Widget widget = widget(widgetId, origin, request);
		if (!WebchatKeys.validToken(token)) {
			throw new InvalidRequest("The visitor token is missing or malformed; reload the page.");
		}
		String visitor = WebchatKeys.visitorAddress(token);
		Duration wait = this.limits.take(visitor, 10, Duration.ofMinutes(1));
		if (wait.isZero()) {
			wait = this.limits.take("ip|" + request.getRemoteAddr(), 30, Duration.ofMinutes(1));
		}
		if (!wait.isZero()) {
			throw new ChannelProblems.TooManyRequests(wait.toSeconds() + 1);
		}
		if (file.getSize() > this.maxFileSize) {
			throw new BlobStore.TooLarge(this.maxFileSize);
		}
		if (file.isEmpty()) {
			throw new InvalidRequest("The file is empty.");
		}
		BlobStore.Stored stored;
		String type;
		try (PushbackInputStream in = new PushbackInputStream(file.getInputStream(), 16)) {
			byte[] head = in.readNBytes(16);
			in.unread(head);
			type = MailFiles.sniff(head);
			if (type == null || !FILE_TYPES.contains(type)) {
				throw new ChannelProblems.UnsupportedFileType();
			}
			stored = this.blobs.put(in, this.maxFileSize);
		}
		String name = fileName(file.getOriginalFilename(), type);
		WebchatKeys.UploadedFile uploaded = new WebchatKeys.UploadedFile(name, type, stored.size(), stored.sha256());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("token", WebchatKeys.fileToken(widget.secret(), visitor, uploaded));
		body.put("name", name);
		body.put("type", type);
		body.put("size", stored.size());
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping("/widget/files/{attachmentId}")
	ResponseEntity<InputStreamResource> file(@PathVariable UUID attachmentId, @RequestParam("w") UUID widgetId,
			@RequestParam("sig") String signature) {
		WebchatWidgets.Widget widget = this.widgets.active(widgetId).orElseThrow(() -> new ResourceNotFound("file", attachmentId));
		if (!WebchatKeys.validFileSignature(widget.secret(), attachmentId, signature)) {
			throw new ResourceNotFound("file", attachmentId);
		}
		CustomerConversations.CustomerFile file = this.customers.file(attachmentId)
			.filter(found -> this.blobs.exists(found.sha256()))
			.orElseThrow(() -> new ResourceNotFound("file", attachmentId));
		boolean shown = FILE_TYPES.contains(file.contentType());
		InputStream content = this.blobs.open(file.sha256());
		return ResponseEntity.ok()
			.contentType(shown ? MediaType.parseMediaType(file.contentType()) : MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(file.size())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					(file.contentType().startsWith("image/") && shown ? ContentDisposition.inline() : ContentDisposition.attachment())
						.filename(file.name(), java.nio.charset.StandardCharsets.UTF_8)
						.build()
						.toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", "sandbox; default-src 'none'")
			.header("Cross-Origin-Resource-Policy", "cross-origin")
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.body(new InputStreamResource(content));
	}

	/** The visitor's file name without folders or control characters, and never empty. */
	static String fileName(@Nullable String original, String type) {
		String name = original == null ? "" : original.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
		if (name.length() > 200) {
			name = name.substring(name.length() - 200);
		}
		if (name.isEmpty() || name.startsWith(".")) {
			name = "file" + switch (type) {
				case "application/pdf" -> ".pdf";
				case "image/png" -> ".png";
				case "image/gif" -> ".gif";
				case "image/webp" -> ".webp";
				default -> ".jpg";
			};
		}
		return name;
	}

	private WebchatWidgets.Widget widget(UUID widgetId, @Nullable String origin, HttpServletRequest request) {
		WebchatWidgets.Widget widget = this.widgets.active(widgetId)
			.orElseThrow(() -> new ChannelProblems.UnknownAccount(widgetId));
		String own = request.getScheme() + "://" + request.getHeader(HttpHeaders.HOST);
		if (origin != null && !WebchatHandshake.allowed(widget, origin, own)) {
			throw new ChannelProblems.OriginNotAllowed(origin);
		}
		return widget;
	}

}
