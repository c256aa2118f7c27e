/**
 * Contacts (customers), their identities on every channel, how an inbound sender is resolved to a
 * contact, and the merges and un-merges of contacts that turn out to be the same person.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "platform", "accounts" })
package nl.naadloos.contacts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
