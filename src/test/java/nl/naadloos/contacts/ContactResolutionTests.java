package nl.naadloos.contacts;

import nl.naadloos.support.IntegrationTest;

/** Resolution of inbound senders on the embedded H2 database. */
@IntegrationTest
class ContactResolutionTests extends ContactResolutionContract {

}
