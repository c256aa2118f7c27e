import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load client for the API channel (JDK only: {@code java IngestLoad.java key=value ...}).
 *
 * <pre>
 * mode=load   base=http://127.0.0.1:8080 accounts=id1:secret1,id2:secret2 clients=32 warmup=10 duration=60
 *             customers=20000 prefix=load-xyz
 *   32 clients in closed loops post signed messages of random customers for warmup+duration seconds;
 *   latencies are recorded only for requests started after the warm-up.
 * mode=drill  base=... accounts=... clients=16 total=20000 prefix=drill-xyz progress=/tmp/progress
 *   posts exactly `total` messages; connection errors, timeouts and 5xx are retried with the same body
 *   (so the same messageId) until a 202 arrives. Writes the number of acknowledged messages to `progress`.
 * </pre>
 *
 * Prints {@code RESULT key=value} lines for the calling script.
 */
public class IngestLoad {

	static final String[] FIRST = { "Anouk", "Daan", "Sanne", "Fatima", "Oliver", "Emily", "Lars", "Noor", "Sem", "Julia",
			"Mohammed", "Tess", "Bram", "Lotte", "Finn", "Eva", "Yara", "Thijs", "Zoë", "Milan" };

	static final String[] LAST = { "de Vries", "Jansen", "Peeters", "El Amrani", "Hughes", "Carter", "Bakker", "Visser",
			"Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Yilmaz",
			"Kaya" };

	static final String[] TEXTS = { "Waar blijft mijn bestelling %d?", "Ik wil bestelling %d retourneren.",
			"Can you change the delivery address of order %d?", "Mijn pakket %d is beschadigd aangekomen 😞",
			"Is order %d already shipped? Thanks!", "Factuur %d klopt niet, graag contact.",
			"Hoe lang duurt de levering van %d naar België?", "I was charged twice for order %d." };

	record Account(String id, String secret) {
	}

	final Map<String, String> args = new HashMap<>();

	final List<Account> accounts = new ArrayList<>();

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	String base;

	public static void main(String[] argv) throws Exception {
		IngestLoad load = new IngestLoad();
		for (String a : argv) {
			int eq = a.indexOf('=');
			load.args.put(a.substring(0, eq), a.substring(eq + 1));
		}
		load.base = load.args.get("base");
		for (String pair : load.args.get("accounts").split(",")) {
			String[] p = pair.split(":", 2);
			load.accounts.add(new Account(p[0], p[1]));
		}
		switch (load.args.getOrDefault("mode", "load")) {
			case "load" -> load.load();
			case "drill" -> load.drill();
			default -> throw new IllegalArgumentException("mode must be load or drill");
		}
	}

	/**
	 * Writes the count to a file next to it and moves that over the progress file: a reader never sees the
	 * file truncated and empty (which read as 0 acknowledged in an earlier crash drill report).
	 */
	static void writeProgress(Path progress, int count) throws java.io.IOException {
		if (progress.toString().equals("/dev/null")) {
			return;
		}
		Path next = progress.resolveSibling(progress.getFileName() + ".next");
		Files.writeString(next, count + "\n");
		Files.move(next, progress, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	int intArg(String name, int dflt) {
		return Integer.parseInt(this.args.getOrDefault(name, String.valueOf(dflt)));
	}

	static String body(String messageId, int customer, int accountIndex, String text) {
		String name = FIRST[customer % FIRST.length] + " " + LAST[(customer / FIRST.length) % LAST.length];
		// A valid Dutch mobile number per customer: +316, a digit 1-5, 7 more digits. The second account
		// sends the national form, so both accounts' identities normalise to the same E.164 number.
		String rest = (1 + customer % 5) + "%07d".formatted(customer % 10_000_000);
		String phone = accountIndex == 0 ? "+316" + rest : "06 " + rest;
		return "{\"messageId\":\"" + messageId + "\",\"from\":{\"id\":\"cust-" + customer + "\",\"name\":\"" + name
				+ "\",\"phone\":\"" + phone + "\"},\"text\":\"" + text + "\"}";
	}

	static Mac mac(String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	HttpRequest request(Account account, Mac mac, byte[] bytes) {
		String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bytes));
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create(this.base + "/api/v1/channels/api/" + account.id() + "/messages"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("X-Naadloos-Signature", signature);
		if ("async".equals(this.args.get("prefer"))) {
			// RFC 7240: acknowledge once stored, thread afterwards (how webhook providers are answered).
			builder.header("Prefer", "respond-async");
		}
		return builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
	}

	// ------------------------------------------------------------------------------------------ load

	void load() throws Exception {
		int clients = intArg("clients", 32);
		int warmup = intArg("warmup", 10);
		int duration = intArg("duration", 60);
		int customers = intArg("customers", 20_000);
		String prefix = this.args.getOrDefault("prefix", "load-" + System.currentTimeMillis());
		long start = System.nanoTime();
		long measureFrom = start + warmup * 1_000_000_000L;
		long end = measureFrom + duration * 1_000_000_000L;
		AtomicLong accepted = new AtomicLong(); // every 202, warm-up included (checked against the database)
		AtomicLong acceptedMeasured = new AtomicLong();
		AtomicLong otherStatus = new AtomicLong();
		AtomicLong exceptions = new AtomicLong();
		AtomicLong queuedAnswers = new AtomicLong();
		AtomicLongArray perSecond = new AtomicLongArray(duration + 1);
		Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
		long[][] latencies = new long[clients][];
		int[] counts = new int[clients];
		List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
		long cpuBefore = processCpuNanos();
		Thread[] threads = new Thread[clients];
		for (int c = 0; c < clients; c++) {
			int client = c;
			threads[c] = Thread.ofVirtual().start(() -> {
				Mac[] macs = this.accounts.stream().map(a -> mac(a.secret())).toArray(Mac[]::new);
				long[] lat = new long[1 << 14];
				int n = 0;
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int seq = 0;; seq++) {
					long t0 = System.nanoTime();
					if (t0 >= end) {
						break;
					}
					int customer = random.nextInt(customers);
					int accountIndex = random.nextInt(this.accounts.size());
					String text = TEXTS[random.nextInt(TEXTS.length)].formatted(100_000 + random.nextInt(900_000));
					byte[] bytes = body(prefix + "-" + client + "-" + seq, customer, accountIndex, text)
						.getBytes(StandardCharsets.UTF_8);
					HttpRequest req = request(this.accounts.get(accountIndex), macs[accountIndex], bytes);
					int status;
					String answer;
					try {
						HttpResponse<String> res = this.http.send(req, HttpResponse.BodyHandlers.ofString());
						status = res.statusCode();
						answer = res.body();
					}
					catch (IOException | InterruptedException ex) {
						exceptions.incrementAndGet();
						if (errorSamples.size() < 5) {
							errorSamples.add(ex.toString());
						}
						continue;
					}
					long t1 = System.nanoTime();
					statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
					if (status == 202) {
						accepted.incrementAndGet();
						if (answer.contains("\"queued\"")) {
							queuedAnswers.incrementAndGet();
						}
					}
					else {
						otherStatus.incrementAndGet();
						if (errorSamples.size() < 5) {
							errorSamples.add(status + " " + answer);
						}
					}
					if (t0 >= measureFrom && t1 <= end) {
						if (n == lat.length) {
							lat = Arrays.copyOf(lat, n * 2);
						}
						lat[n++] = t1 - t0;
						if (status == 202) {
							acceptedMeasured.incrementAndGet();
							perSecond.incrementAndGet((int) ((t1 - measureFrom) / 1_000_000_000L));
						}
					}
				}
				latencies[client] = lat;
				counts[client] = n;
			});
		}
		for (Thread t : threads) {
			t.join();
		}
		long cpuAfter = processCpuNanos();
		int total = 0;
		for (int n : counts) {
			total += n;
		}
		long[] all = new long[total];
		int at = 0;
		for (int c = 0; c < clients; c++) {
			System.arraycopy(latencies[c], 0, all, at, counts[c]);
			at += counts[c];
		}
		Arrays.sort(all);
		long minSecond = Long.MAX_VALUE;
		long maxSecond = 0;
		StringBuilder series = new StringBuilder();
		for (int s = 0; s < duration; s++) {
			long v = perSecond.get(s);
			minSecond = Math.min(minSecond, v);
			maxSecond = Math.max(maxSecond, v);
			series.append(s == 0 ? "" : " ").append(v);
		}
		System.out.println("RESULT accepted_total=" + accepted.get());
		System.out.println("RESULT accepted_measured=" + acceptedMeasured.get());
		System.out.println("RESULT requests_measured=" + total);
		System.out.println("RESULT rate=" + "%.1f".formatted(acceptedMeasured.get() / (double) duration));
		System.out.println("RESULT rate_min_second=" + minSecond);
		System.out.println("RESULT rate_max_second=" + maxSecond);
		System.out.println("RESULT per_second=" + series);
		System.out.println("RESULT p50_ms=" + ms(pct(all, 50)));
		System.out.println("RESULT p90_ms=" + ms(pct(all, 90)));
		System.out.println("RESULT p95_ms=" + ms(pct(all, 95)));
		System.out.println("RESULT p99_ms=" + ms(pct(all, 99)));
		System.out.println("RESULT p999_ms=" + ms(pct(all, 99.9)));
		System.out.println("RESULT max_ms=" + ms(all.length == 0 ? 0 : all[all.length - 1]));
		System.out.println("RESULT non_202=" + otherStatus.get());
		System.out.println("RESULT exceptions=" + exceptions.get());
		System.out.println("RESULT queued_answers=" + queuedAnswers.get());
		System.out.println("RESULT statuses=" + new java.util.TreeMap<>(statuses));
		System.out.println("RESULT client_cpu_s=" + "%.1f".formatted((cpuAfter - cpuBefore) / 1e9));
		System.out.println("RESULT error_samples=" + String.join(" | ", errorSamples).replace('\n', ' '));
	}

	static long pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static String ms(long nanos) {
		return "%.1f".formatted(nanos / 1e6);
	}

	static long processCpuNanos() {
		var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
	}

	// ----------------------------------------------------------------------------------------- drill

	void drill() throws Exception {
		int clients = intArg("clients", 16);
		int total = intArg("total", 20_000);
		int customers = intArg("customers", 5_000);
		String prefix = this.args.getOrDefault("prefix", "drill-" + System.currentTimeMillis());
		Path progress = Path.of(this.args.getOrDefault("progress", "/dev/null"));
		long deadline = System.nanoTime() + Long.parseLong(this.args.getOrDefault("timeout", "900")) * 1_000_000_000L;
		AtomicInteger next = new AtomicInteger();
		AtomicInteger acked = new AtomicInteger();
		AtomicLong retries = new AtomicLong();
		AtomicLong connectionErrors = new AtomicLong();
		AtomicLong serverErrors = new AtomicLong();
		AtomicLong clientErrors = new AtomicLong();
		AtomicInteger maxAttempts = new AtomicInteger();
		AtomicInteger duplicatesAnswered = new AtomicInteger();
		List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
		long start = System.nanoTime();
		Thread reporter = Thread.ofPlatform().daemon().start(() -> {
			while (true) {
				try {
					writeProgress(progress, acked.get());
					Thread.sleep(100); // the drill script reads it ten times a second
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		Thread[] threads = new Thread[clients];
		for (int c = 0; c < clients; c++) {
			threads[c] = Thread.ofVirtual().start(() -> {
				Mac[] macs = this.accounts.stream().map(a -> mac(a.secret())).toArray(Mac[]::new);
				for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
					// Everything about message i is fixed, so a retry sends exactly the same bytes.
					int customer = Math.floorMod(i * 7919, customers);
					int accountIndex = i % this.accounts.size();
					byte[] bytes = body(prefix + "-" + i, customer, accountIndex,
							TEXTS[i % TEXTS.length].formatted(100_000 + i)).getBytes(StandardCharsets.UTF_8);
					Account account = this.accounts.get(accountIndex);
					int attempt = 0;
					long backoff = 50;
					while (true) {
						attempt++;
						int status;
						String answer = "";
						try {
							HttpResponse<String> res = this.http.send(request(account, macs[accountIndex], bytes),
									HttpResponse.BodyHandlers.ofString());
							status = res.statusCode();
							answer = res.body();
						}
						catch (IOException ex) {
							status = -1;
							connectionErrors.incrementAndGet();
						}
						catch (InterruptedException ex) {
							return;
						}
						if (status == 202) {
							acked.incrementAndGet();
							maxAttempts.accumulateAndGet(attempt, Math::max);
							if (attempt > 1 && answer.contains("\"processed\"")) {
								duplicatesAnswered.incrementAndGet();
							}
							break;
						}
						if (status >= 400 && status < 500) {
							clientErrors.incrementAndGet();
							if (errorSamples.size() < 5) {
								errorSamples.add(status + " " + answer);
							}
							break;
						}
						if (status >= 500) {
							serverErrors.incrementAndGet();
						}
						if (System.nanoTime() > deadline) {
							if (errorSamples.size() < 5) {
								errorSamples.add("gave up on message " + i + " after " + attempt + " attempts");
							}
							break;
						}
						retries.incrementAndGet();
						try {
							Thread.sleep(backoff); // a retrying integrator backs off, as the drill means to show
						}
						catch (InterruptedException ex) {
							return;
						}
						backoff = Math.min(1000, backoff * 2);
					}
				}
			});
		}
		for (Thread t : threads) {
			t.join();
		}
		writeProgress(progress, acked.get());
		reporter.interrupt();
		System.out.println("RESULT acked=" + acked.get());
		System.out.println("RESULT seconds=" + "%.1f".formatted((System.nanoTime() - start) / 1e9));
		System.out.println("RESULT retries=" + retries.get());
		System.out.println("RESULT connection_errors=" + connectionErrors.get());
		System.out.println("RESULT server_errors=" + serverErrors.get());
		System.out.println("RESULT client_errors=" + clientErrors.get());
		System.out.println("RESULT max_attempts=" + maxAttempts.get());
		System.out.println("RESULT retried_then_accepted=" + duplicatesAnswered.get());
		System.out.println("RESULT error_samples=" + String.join(" | ", errorSamples).replace('\n', ' '));
	}

}
