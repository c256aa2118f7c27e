package nl.naadloos.accounts;

import nl.naadloos.support.PostgresTest;

/** The accounts API, migrations and repositories on PostgreSQL, the production database. */
@PostgresTest
class AccountsApiPostgresTests extends AccountsApiContract {

}
