package nl.naadloos.channels;

import nl.naadloos.support.PostgresTest;

/** The API channel, threading and the outbox on PostgreSQL. */
@PostgresTest
class ApiChannelPostgresTests extends ApiChannelContract {

}
