/**
 * Shared kernel: clock, problem details, cursor pagination, idempotent creation, request limits and
 * the web conventions every module's API follows.
 */
@NullMarked
package nl.naadloos.platform;

import org.jspecify.annotations.NullMarked;
