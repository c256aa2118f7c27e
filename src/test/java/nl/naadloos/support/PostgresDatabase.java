package nl.naadloos.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One fresh PostgreSQL database per test JVM; the next run drops it. Connection settings
 * can be changed with {@code NAADLOOS_TEST_PG_HOST}, {@code _PORT} and {@code _USER}.
 */
public final class PostgresDatabase {

	static final String HOST = env("NAADLOOS_TEST_PG_HOST", "127.0.0.1");

	static final String PORT = env("NAADLOOS_TEST_PG_PORT", "5432");

	static final String USER = env("NAADLOOS_TEST_PG_USER", "postgres");

	private static String databaseName;

	private PostgresDatabase() {
	}

	static boolean inCi() {
		String ci = System.getenv("CI");
		return ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci);
	}

	static String adminUrl() {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
	}

	static synchronized String database() {
		if (databaseName == null) {
			dropLeftovers();
			String name = "naadloos_test_" + System.currentTimeMillis() + "_"
					+ ThreadLocalRandom.current().nextInt(1000, 9999);
			execute("create database " + name);
			databaseName = name;
		}
		return databaseName;
	}

	/**
	 * Drops the databases of earlier runs (older than a few hours, so parallel runs are left alone).
	 * Not done at JVM exit: the application contexts still close against the database then.
	 */
	private static void dropLeftovers() {
		long cutoff = System.currentTimeMillis() - java.time.Duration.ofHours(3).toMillis();
		List<String> old = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(adminUrl(), USER, "");
				Statement statement = connection.createStatement();
				ResultSet names = statement
					.executeQuery("select datname from pg_database where datname like 'naadloos\\_test\\_%'")) {
			while (names.next()) {
				String[] parts = names.getString(1).split("_");
				if (parts.length == 4 && Long.parseLong(parts[2]) < cutoff) {
					old.add(names.getString(1));
				}
			}
		}
		catch (SQLException | NumberFormatException ex) {
			return;
		}
		old.forEach(name -> execute("drop database if exists " + name + " with (force)"));
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(adminUrl(), USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " failed: " + ex.getMessage(), ex);
		}
	}

	static String reachability() {
		try (Connection connection = DriverManager.getConnection(adminUrl(), USER, "")) {
			return connection.isValid(5) ? null : "connection not valid";
		}
		catch (SQLException ex) {
			return ex.getMessage();
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return value == null || value.isBlank() ? fallback : value;
	}

	/** Skips (outside CI) or fails (in CI) when PostgreSQL is not reachable. */
	static final class RequirePostgres implements ExecutionCondition {

		private static volatile String problem;

		private static volatile boolean checked;

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (!checked) {
				problem = reachability();
				checked = true;
			}
			if (problem == null) {
				return ConditionEvaluationResult.enabled("PostgreSQL reachable at " + HOST + ":" + PORT);
			}
			String message = "PostgreSQL is not reachable at " + HOST + ":" + PORT + " as user " + USER + " (" + problem
					+ "). Start it (see README, 'Running the tests on PostgreSQL') or run .ci/run.";
			if (inCi()) {
				throw new IllegalStateException("CI=true but " + message);
			}
			System.err.println("SKIPPED PostgreSQL tests: " + message);
			return ConditionEvaluationResult.disabled(message);
		}

	}

	/** Points the application at the fresh database. */
	public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database();
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("naadloos-postgres-test", Map.of("spring.datasource.url", url,
						"spring.datasource.username", USER, "spring.datasource.password", "")));
		}

	}

}
