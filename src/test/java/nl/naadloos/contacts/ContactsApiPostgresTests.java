package nl.naadloos.contacts;

import nl.naadloos.support.PostgresTest;

/** The contacts API, migration and queries on PostgreSQL, the production database. */
@PostgresTest
class ContactsApiPostgresTests extends ContactsApiContract {

}
