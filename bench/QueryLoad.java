import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Read-path latency client (JDK only): {@code java QueryLoad.java base=... name=list requests=500 warmup=50
 * template=/api/v1/conversations?status=open&teamId={} ids=file}. One client, requests one after the
 * other, each with a random id from the file substituted for {}. Needs ADMIN_TOKEN in the environment.
 * Prints {@code RESULT <name>_<key>=value} lines.
 */
public class QueryLoad {

	public static void main(String[] argv) throws Exception {
		java.util.Map<String, String> args = new java.util.HashMap<>();
		for (String a : argv) {
			int eq = a.indexOf('=');
			args.put(a.substring(0, eq), a.substring(eq + 1));
		}
		String base = args.get("base");
		String name = args.get("name");
		String template = args.get("template");
		int requests = Integer.parseInt(args.getOrDefault("requests", "500"));
		int warmup = Integer.parseInt(args.getOrDefault("warmup", "200"));
		List<String> ids = Files.readAllLines(Path.of(args.get("ids"))).stream().filter(s -> !s.isBlank()).toList();
		String token = System.getenv("ADMIN_TOKEN");
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Random random = new Random(42);
		long[] latencies = new long[requests];
		int errors = 0;
		long items = 0;
		long bytes = 0;
		String errorSample = "";
		for (int i = -warmup; i < requests; i++) {
			String id = ids.get(random.nextInt(ids.size()));
			String path = template.replace("{}", URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
			HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
				.timeout(Duration.ofSeconds(60))
				.header("Authorization", "Bearer " + token)
				.header("Accept-Encoding", "identity")
				.GET()
				.build();
			long t0 = System.nanoTime();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			long t1 = System.nanoTime();
			if (i < 0) {
				continue;
			}
			latencies[i] = t1 - t0;
			if (response.statusCode() != 200) {
				errors++;
				if (errorSample.isEmpty()) {
					errorSample = response.statusCode() + " " + response.body().replace('\n', ' ');
				}
			}
			else {
				bytes += response.body().length();
				// Count the items of the first page: each has exactly one "id" key at its level or below.
				items += count(response.body(), "\"id\":");
			}
		}
		Arrays.sort(latencies);
		System.out.println("RESULT " + name + "_requests=" + requests);
		System.out.println("RESULT " + name + "_p50_ms=" + ms(pct(latencies, 50)));
		System.out.println("RESULT " + name + "_p95_ms=" + ms(pct(latencies, 95)));
		System.out.println("RESULT " + name + "_p99_ms=" + ms(pct(latencies, 99)));
		System.out.println("RESULT " + name + "_max_ms=" + ms(latencies[latencies.length - 1]));
		System.out.println("RESULT " + name + "_errors=" + errors);
		System.out.println("RESULT " + name + "_avg_ids_per_answer=" + "%.1f".formatted(items / (double) requests));
		System.out.println("RESULT " + name + "_avg_bytes=" + bytes / requests);
		System.out.println("RESULT " + name + "_error_sample=" + errorSample);
	}

	static int count(String s, String needle) {
		int n = 0;
		for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + 1)) {
			n++;
		}
		return n;
	}

	static long pct(long[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	static String ms(long nanos) {
		return "%.1f".formatted(nanos / 1e6);
	}

}
