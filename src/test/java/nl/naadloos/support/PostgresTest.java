package nl.naadloos.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on PostgreSQL (127.0.0.1:5432, user {@code postgres}, trust auth) in a fresh
 * database created for this test run. Outside CI the test is skipped with a message when PostgreSQL
 * cannot be reached; under {@code CI=true} it fails instead, so CI never passes without running it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("postgres")
@ExtendWith(PostgresDatabase.RequirePostgres.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "test", "postgres" })
@ContextConfiguration(initializers = PostgresDatabase.Initializer.class)
public @interface PostgresTest {

}
