/**
 * The agent workspace: the inbox views and one screen per conversation with the whole timeline, whatever
 * the channel, and the contact beside the reply box.
 */
@NullMarked
package nl.naadloos.workspace;

import org.jspecify.annotations.NullMarked;
