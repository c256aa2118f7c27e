/**
 * Channel accounts and the adapters that connect them: verified, durable ingestion of inbound events
 * into conversations, and delivery of replies through a retrying outbox.
 */
@NullMarked
package nl.naadloos.channels;

import org.jspecify.annotations.NullMarked;
