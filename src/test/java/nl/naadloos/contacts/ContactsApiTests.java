package nl.naadloos.contacts;

import nl.naadloos.support.IntegrationTest;

/** The contacts API on the embedded H2 database. */
@IntegrationTest
class ContactsApiTests extends ContactsApiContract {

}
