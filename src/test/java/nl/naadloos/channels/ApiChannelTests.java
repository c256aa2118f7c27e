package nl.naadloos.channels;

import nl.naadloos.support.IntegrationTest;

/** The API channel on the embedded H2 database. */
@IntegrationTest
class ApiChannelTests extends ApiChannelContract {

}
