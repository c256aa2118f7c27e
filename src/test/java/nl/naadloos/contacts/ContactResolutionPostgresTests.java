package nl.naadloos.contacts;

import nl.naadloos.support.PostgresTest;

/** Resolution of inbound senders on PostgreSQL, where the concurrency of production is real. */
@PostgresTest
class ContactResolutionPostgresTests extends ContactResolutionContract {

}
