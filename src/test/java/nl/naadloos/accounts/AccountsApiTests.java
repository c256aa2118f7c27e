package nl.naadloos.accounts;

import nl.naadloos.support.IntegrationTest;

/** The accounts API on the embedded H2 database. */
@IntegrationTest
class AccountsApiTests extends AccountsApiContract {

}
