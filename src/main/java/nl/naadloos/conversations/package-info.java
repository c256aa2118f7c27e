/**
 * Conversations and their messages: threading every inbound message into the right conversation on
 * any channel, replies and notes, status, priority, ownership and the contact's timeline.
 */
@NullMarked
package nl.naadloos.conversations;

import org.jspecify.annotations.NullMarked;
