/** Web conventions of the API: problem details, the error endpoint, request size limits and idempotency. */
@NullMarked
package nl.naadloos.platform.web;

import org.jspecify.annotations.NullMarked;
